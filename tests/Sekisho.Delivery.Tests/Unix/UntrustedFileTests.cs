using System.Diagnostics;
using Sekisho.Delivery.Unix;

namespace Sekisho.Delivery.Tests.Unix;

/// <summary>
/// Opening a file another user controls: a symbolic link is refused, a FIFO opens at once (and is then seen not to be
/// a plain file) instead of blocking the opener until someone writes to it.
/// </summary>
public sealed class UntrustedFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-untrusted-" + Guid.NewGuid().ToString("N")[..10]);

    public UntrustedFileTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void A_plain_file_opens_and_reads()
    {
        var path = Path.Combine(_folder, "plain");
        File.WriteAllText(path, "hello");
        using var handle = UntrustedFile.OpenRead(path);
        Assert.True(FileStatus.OfHandle(handle).IsRegularFile);
        using var stream = new FileStream(handle, FileAccess.Read);
        Assert.Equal("hello", new StreamReader(stream).ReadToEnd());
    }

    [Fact]
    public void A_symbolic_link_is_refused()
    {
        var target = Path.Combine(_folder, "target");
        File.WriteAllText(target, "secret");
        var link = Path.Combine(_folder, "link");
        File.CreateSymbolicLink(link, target);
        Assert.Throws<IOException>(() => UntrustedFile.OpenRead(link).Dispose());
    }

    [Fact]
    public async Task A_fifo_opens_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_folder, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var open = Task.Run(() =>
        {
            using var handle = UntrustedFile.OpenRead(fifo);
            return FileStatus.OfHandle(handle).IsRegularFile;
        });
        Assert.Same(open, await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.False(await open);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
