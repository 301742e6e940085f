using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.EndToEnd;

/// <summary>
/// Screenshots of the pages for the README, written only when REGISTRY_WEB_SCREENSHOTS names a directory
/// (e.g. docs/screenshots), so an ordinary test run leaves the working tree alone.
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("REGISTRY_WEB_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
        }
    }
}
