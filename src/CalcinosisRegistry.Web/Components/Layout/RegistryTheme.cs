using MudBlazor;

namespace CalcinosisRegistry.Web.Components.Layout;

/// <summary>MudBlazor's palette with status colours dark enough for WCAG AA contrast on white (axe's color-contrast rule).</summary>
public static class RegistryTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Error = "#b71c1c",
            Warning = "#8a4b00",
            Success = "#1b5e20",
            Info = "#01579b",
        },
    };
}
