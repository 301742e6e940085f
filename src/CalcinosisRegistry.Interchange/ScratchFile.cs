using Microsoft.Win32.SafeHandles;

namespace CalcinosisRegistry.Interchange;

/// <summary>
/// Scratch files that leave nothing behind however the process ends. Outside Windows the name is removed as soon as
/// the file is opened (the open handle keeps the data, and the system frees it when the handle goes, a kill
/// included); on Windows the file is opened delete-on-close, which the system honours when it closes a killed
/// process's handles.
/// </summary>
public static class ScratchFile
{
    /// <summary>A new scratch file in <paramref name="directory"/>, named after <paramref name="purpose"/> until it is unlinked.</summary>
    public static SafeFileHandle Open(string directory, string purpose, bool asynchronous)
    {
        var path = Path.Combine(directory, $"calcreg-{purpose}-{Guid.NewGuid():N}");
        var options = (asynchronous ? FileOptions.Asynchronous : FileOptions.None) | (OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None);
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return handle;
    }
}
