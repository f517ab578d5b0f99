using System.Diagnostics;
using Sekisho.Delivery.Maildrop;

namespace Sekisho.Delivery.Tests.Maildrop;

/// <summary>The lock against another process: flock(1) holds it as a second server process would.</summary>
public sealed class MaildropLockTests : IDisposable
{
    private const string Flock = "/usr/bin/flock";
    private readonly TempMaildir _maildir = new();

    public void Dispose() => _maildir.Dispose();

    [Fact]
    public async Task A_lock_held_by_another_process_is_in_use_and_dies_with_it()
    {
        if (!File.Exists(Flock))
        {
            return; // util-linux is not installed; the in-process tests cover the same lock.
        }
        var lockFile = Path.Combine(_maildir.Path, ".sekisho-pop3.lock");
        var start = new ProcessStartInfo(Flock) { RedirectStandardOutput = true, UseShellExecute = false };
        // --close: only flock itself holds the lock, not the command it runs.
        foreach (var argument in (string[])["--exclusive", "--close", lockFile, "sh", "-c", "echo locked; exec sleep 60"])
        {
            start.ArgumentList.Add(argument);
        }
        using var holder = Process.Start(start)!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            var result = MaildirMaildrop.Open(_maildir.Path);
            Assert.Equal(MaildropOpenStatus.InUse, result.Status);
        }
        finally
        {
            // The holder "crashes": the kernel releases its lock, and the lock file left behind blocks nobody.
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
        Assert.True(File.Exists(lockFile));
        // The kernel closes a killed process's files as it exits, a moment after the kill.
        var after = MaildirMaildrop.Open(_maildir.Path);
        for (var attempt = 0; attempt < 100 && after.Status == MaildropOpenStatus.InUse; attempt++)
        {
            await Task.Delay(100);
            after = MaildirMaildrop.Open(_maildir.Path);
        }
        using var maildrop = after.Maildrop;
        Assert.Equal(MaildropOpenStatus.Opened, after.Status);
    }
}
