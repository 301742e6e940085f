using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>A bUnit context with MudBlazor's services; they need an asynchronous disposal, so each test owns its context.</summary>
public static class MudTestContext
{
    public static BunitContext New()
    {
        var context = new BunitContext();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return context;
    }
}
