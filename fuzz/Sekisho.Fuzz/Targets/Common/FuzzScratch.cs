namespace Sekisho.Fuzz.Targets;

/// <summary>A private temporary folder for targets whose parser reads a file (tables, includes), made once per process.</summary>
internal static class FuzzScratch
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "sekisho-fuzz-" + Environment.ProcessId);
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
    });

    /// <summary>The folder.</summary>
    public static string Directory => Folder.Value;

    /// <summary>Writes <paramref name="data"/> to a file of the folder and returns its full path.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="data">The contents.</param>
    public static string Write(string name, ReadOnlySpan<byte> data)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
