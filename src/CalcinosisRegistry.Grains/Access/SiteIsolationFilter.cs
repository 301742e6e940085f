using CalcinosisRegistry.Contracts.Access;
using CalcinosisRegistry.Contracts.Cases;
using CalcinosisRegistry.Contracts.Faults;
using CalcinosisRegistry.Contracts.Sites;

namespace CalcinosisRegistry.Grains.Access;

/// <summary>
/// Site isolation enforced a second time, inside the grain layer: the calls that expose or change a site's cases
/// must carry a caller (set by the HTTP tier from the authenticated token) who is a researcher of that very site.
/// The site is taken from the grain's key, never from anything the caller sent. Internal calls (publication,
/// rebuilds) are not in this list.
/// </summary>
internal sealed class SiteIsolationFilter : IIncomingGrainCallFilter
{
    private static readonly HashSet<string> GuardedMethods =
        [nameof(ICaseGrain.GetAsync), nameof(ICaseGrain.PutAsync), nameof(ICaseGrain.WithdrawAsync), nameof(ISiteGrain.ListAsync)];

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is ICaseGrain or ISiteGrain && GuardedMethods.Contains(context.InterfaceMethod.Name))
        {
            var siteId = SiteOf(context.TargetId.Key.ToString()!);
            if (CallerContext.Current is not { } caller || !caller.MaySeeCasesOf(siteId))
            {
                throw new AccessDeniedException($"The caller may not access the cases of site '{siteId}'.");
            }
        }

        return context.Invoke();
    }

    /// <summary>"case:{site}/{case}" or "site:{site}".</summary>
    private static string SiteOf(string key)
    {
        var afterPrefix = key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var slash = afterPrefix.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? afterPrefix : afterPrefix[..slash];
    }
}
