using System.Text;

namespace Sekisho.Delivery.Tests.Maildrop;

/// <summary>A Maildir in a temporary folder, removed at the end of a test, with helpers to deliver into it.</summary>
public sealed class TempMaildir : IDisposable
{
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private int _delivered;

    public TempMaildir()
    {
        foreach (var sub in (string[])["tmp", "new", "cur"])
        {
            Directory.CreateDirectory(System.IO.Path.Combine(Path, sub));
        }
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sekisho-md-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Writes a message file as <c>folder/name</c>, each one a second newer than the last (the order the maildrop lists).</summary>
    public string Deliver(string name, string content, string folder = "new")
    {
        var path = System.IO.Path.Combine(Path, folder, name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        File.SetLastWriteTimeUtc(path, Epoch.AddSeconds(++_delivered));
        return path;
    }

    /// <summary>The file names in a folder, sorted.</summary>
    public string[] Files(string folder) =>
        Directory.GetFiles(System.IO.Path.Combine(Path, folder)).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
