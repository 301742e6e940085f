// The README's workflow, step by step, through the Kiota-generated client only: provision a site, a researcher and
// a token as the admin; submit docs/examples/case.json, replace it with case-v2.json under If-Match (and see a stale
// ETag refused with 412), list the site's cases, read the statistics (suppressed and exact), withdraw the case and see it gone (404).
// Arguments: <base url> <admin token> <examples folder>. Exit code 0 when every step answered as the README says.
using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Registry.Client;
using Registry.Client.Models;

var (baseUrl, adminToken, examples) = (args[0], args[1], args[2]);
const string Site = "kiota-general";
const string CaseId = "MAYO-0001";

try
{
    var admin = Client(adminToken);
    var site = await admin.Api.Admin.Sites.PostAsync(new NewSiteRequest { SiteId = Site, Name = "Kiota General" });
    Check(site?.SiteId == Site, "site created");
    var user = await admin.Api.Admin.Users.PostAsync(new NewUserRequest
    {
        UserId = "kiota-researcher", DisplayName = "Kiota researcher", Role = RegistryRole.Researcher, Sites = [Site],
    });
    Check(user?.Role == RegistryRole.Researcher, "researcher created");
    var issued = await admin.Api.Admin.Users["kiota-researcher"].Tokens.PostAsync(new NewTokenRequest { Name = "kiota", ExpiresInDays = 30 });
    Check(issued?.Token?.StartsWith("crt_", StringComparison.Ordinal) == true, "token issued");

    var researcher = Client(issued!.Token!);
    var cases = researcher.Api.Sites[Site].Cases;
    var document = await KiotaJsonSerializer.DeserializeAsync(await File.ReadAllTextAsync(Path.Combine(examples, "case.json")), CaseDocument.CreateFromDiscriminatorValue);
    var created = await cases[CaseId].PutAsync(document!);
    Check(created?.Version == 1 && created.Etag == "\"1\"" && created.Document?.Lesions?.Count == 1, "case submitted (version 1)");

    var second = await KiotaJsonSerializer.DeserializeAsync(await File.ReadAllTextAsync(Path.Combine(examples, "case-v2.json")), CaseDocument.CreateFromDiscriminatorValue);
    var replaced = await cases[CaseId].PutAsync(second!, config => config.Headers.Add("If-Match", created!.Etag!));
    Check(replaced?.Version == 2 && replaced.Etag == "\"2\"" && replaced.Document?.LastFollowUpDay == 800, "case replaced with If-Match (version 2)");
    var stale = await StatusOfAsync(() => cases[CaseId].PutAsync(document!, config => config.Headers.Add("If-Match", "\"1\"")));
    Check(stale == 412, $"a stale If-Match is refused with 412 (got {stale})");

    var listing = await cases.GetAsync(config => config.QueryParameters.Limit = 50);
    Check(listing?.Total == 1 && listing.Items?.Single().CaseId == CaseId && listing.NextAfter is null, "case listed");

    var statistics = await researcher.Api.Statistics.GetAsync(config => config.QueryParameters.Curve = false);
    Check(statistics?.AllTypes is not null && statistics.Types?.Count == 4, "statistics read");
    var dystrophic = await admin.Api.Statistics.Types["dystrophic"].GetAsync(config => config.QueryParameters.Curve = false);
    Check(dystrophic?.CalcinosisType == "dystrophic", "one type's exact statistics read");

    await cases[CaseId].DeleteAsync(config => config.Headers.Add("If-Match", replaced!.Etag!));
    var gone = await StatusOfAsync(() => cases[CaseId].GetAsync());
    Check(gone == 404, $"withdrawn case is gone (got {gone})");
    Console.WriteLine("workflow: every step passed");
    return 0;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"workflow failed: {exception}");
    return 1;
}

RegistryClient Client(string token)
{
    var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return new RegistryClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
}

static void Check(bool passed, string step)
{
    if (!passed)
    {
        throw new InvalidOperationException($"step failed: {step}");
    }

    Console.WriteLine($"ok: {step}");
}

/// <summary>The status of a refused call: the generated client throws the problem document, typed.</summary>
static async Task<int> StatusOfAsync(Func<Task> call)
{
    try
    {
        await call();
        return 200;
    }
    catch (ProblemDetails problem)
    {
        return problem.ResponseStatusCode;
    }
}
