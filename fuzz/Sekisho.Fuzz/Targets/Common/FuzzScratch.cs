namespace Sekisho.Fuzz.Targets;

/// <summary>
/// Private temporary folders for targets whose parser reads a file (tables, includes), made once per process: one
/// under the temporary directory, for files whose contents may name other files, and one in memory (<c>/dev/shm</c>
/// where it exists) for table files written on every run, five times faster there.
/// </summary>
internal static class FuzzScratch
{
    private static readonly Lazy<string> Folder = new(() => Create(Path.GetTempPath()));

    private static readonly Lazy<string> MemoryFolder = new(() =>
        System.IO.Directory.Exists("/dev/shm") ? Create("/dev/shm") : Folder.Value);

    /// <summary>
    /// The folder under the temporary directory: relative names in fuzzed text resolve against it, and no path from it
    /// reaches <c>/dev</c> without spelling <c>dev</c> (see <see cref="FuzzInput.NamesSpecialFiles"/>).
    /// </summary>
    public static string Directory => Folder.Value;

    /// <summary>Writes <paramref name="data"/> to a file of <see cref="Directory"/> and returns its full path.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="data">The contents.</param>
    public static string Write(string name, ReadOnlySpan<byte> data) => WriteTo(Folder.Value, name, data);

    /// <summary>
    /// Writes <paramref name="data"/> to a file of the in-memory folder and returns its full path. Only for files whose
    /// contents name no other file: a relative path from <c>/dev/shm</c> reaches <c>/dev</c>.
    /// </summary>
    /// <param name="name">The file name.</param>
    /// <param name="data">The contents.</param>
    public static string WriteInMemory(string name, ReadOnlySpan<byte> data) => WriteTo(MemoryFolder.Value, name, data);

    private static string WriteTo(string folder, string name, ReadOnlySpan<byte> data)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    private static string Create(string parent)
    {
        var path = Path.Combine(parent, "sekisho-fuzz-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return path;
    }
}
