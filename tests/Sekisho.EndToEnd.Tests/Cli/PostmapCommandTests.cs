using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary><c>sekisho postmap</c> checks a table and names the line of an error.</summary>
public sealed class PostmapCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-postmap-" + Guid.NewGuid().ToString("N")[..10]);

    public PostmapCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_good_table_is_ok_and_needs_no_index()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "access"), "192.168.1  OK\nspammer.example  REJECT go away\n");
        var (code, stdout, _) = await SekishoProcess.RunAsync(_folder, null, "postmap", "access");
        Assert.Equal(0, code);
        Assert.Equal("sekisho: hash:access: ok (read as text; no index needed)", stdout.Trim());
        Assert.Equal(["access"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_bad_line_is_named()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "access"), "192.168.1  OK\nexample.com  FILTER smtp:[127.0.0.1]\n");
        var (code, _, stderr) = await SekishoProcess.RunAsync(_folder, null, "postmap", "texthash:access");
        Assert.Equal(65, code);
        Assert.Contains("access:2:", stderr);
    }
}
