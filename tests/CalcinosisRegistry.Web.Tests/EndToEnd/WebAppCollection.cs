using CalcinosisRegistry.Web.Tests.Infrastructure;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

/// <summary>The end-to-end classes share one running registry and browser (starting them is most of their cost).</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebApp>
{
    public const string Name = "web app";
}
