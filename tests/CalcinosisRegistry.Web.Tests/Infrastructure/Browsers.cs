using System.Diagnostics;
using Microsoft.Playwright;

namespace CalcinosisRegistry.Web.Tests.Infrastructure;

/// <summary>Debian's Chromium (apt-get install chromium), found on the PATH: Playwright never downloads a browser here.</summary>
public static class Browsers
{
    public static readonly string[] Arguments =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static string ChromiumPath()
    {
        using var which = Process.Start(new ProcessStartInfo("which", "chromium") { RedirectStandardOutput = true })!;
        var path = which.StandardOutput.ReadToEnd().Trim();
        which.WaitForExit();
        return path.Length > 0
            ? path
            : throw new InvalidOperationException("Chromium is not installed: run `apt-get install -y chromium` (tests/run-tests.sh does this when it is missing).");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath(), Headless = true, Args = Arguments });
}
