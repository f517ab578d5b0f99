using System.Net;
using Sekisho.Policy.Tables;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>File tables follow their file: a change is picked up, a broken or removed file keeps the old contents.</summary>
public sealed class TableReloadTests
{
    private static readonly AccessTableOptions EveryLookup = new() { ReloadCheckInterval = TimeSpan.Zero };

    [Theory]
    [InlineData("cidr", "192.0.2.0/24 OK\n", "192.0.2.0/24 REJECT Go away now\n", "192.0.2.0/24 BOGUS\n")]
    [InlineData("texthash", "192.0.2 OK\n", "192.0.2 REJECT Go away now\n", "192.0.2 BOGUS\n")]
    [InlineData("hash", "192.0.2 OK\n", "192.0.2 REJECT Go away now\n", "192.0.2 BOGUS\n")]
    [InlineData("sendmail", "Connect:192.0.2 RELAY\n", "Connect:192.0.2 REJECT\n# now rejected\n", "Connect:192.0.2 BOGUS\n")]
    [InlineData("xmail", "\"192.0.2.0\"\t\"255.255.255.0\"\n", "\"198.51.100.0\"\t\"255.255.255.0\"\n", "\"192.0.2.0\"\t\"255.0.255.0\"\n")]
    public void Changes_are_picked_up_and_broken_files_ignored(string type, string before, string after, string broken)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("table", before);
        var table = AccessTableFactory.Open($"{type}:{path}", "/", EveryLookup);
        var client = IPAddress.Parse("192.0.2.1");
        Assert.Equal(AccessAction.Permit, table.FindClient(client, "unknown")!.Action);

        File.WriteAllText(path, after);
        var changed = table.FindClient(client, "unknown");
        Assert.NotEqual(AccessAction.Permit, changed?.Action);
        Assert.Null(((ITableDiagnostics)table).LastReloadError);

        File.WriteAllText(path, broken + "# broken\n");
        Assert.Equal(changed, table.FindClient(client, "unknown"));
        Assert.StartsWith(path + ":1: ", ((ITableDiagnostics)table).LastReloadError);
        Assert.EndsWith("(keeping the contents loaded before)", ((ITableDiagnostics)table).LastReloadError);

        File.Delete(path);
        Assert.Equal(changed, table.FindClient(client, "unknown"));
        Assert.Equal(path + ": the file is gone; keeping the contents loaded before", ((ITableDiagnostics)table).LastReloadError);

        File.WriteAllText(path, before + "# back\n");
        Assert.Equal(AccessAction.Permit, table.FindClient(client, "unknown")!.Action);
        Assert.Null(((ITableDiagnostics)table).LastReloadError);
    }

    [Fact]
    public void The_file_is_looked_at_no_more_than_once_per_interval()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("clients.cidr", "192.0.2.0/24 OK\n");
        var table = AccessTableFactory.Open("cidr:" + path, "/", new AccessTableOptions { ReloadCheckInterval = TimeSpan.FromHours(1) });
        File.WriteAllText(path, "192.0.2.0/24 REJECT changed\n");
        Assert.Equal(AccessAction.Permit, table.FindClient(IPAddress.Parse("192.0.2.1"), "unknown")!.Action);
    }

    // In this class only: test classes run in parallel, and a request reaches every table of the process.
    [Theory]
    [InlineData("cidr", "192.0.2.0/24 OK    \n", "192.0.2.0/24 REJECT\n")]
    [InlineData("hash", "192.0.2 OK    \n", "192.0.2 REJECT\n")]
    [InlineData("sendmail", "Connect:192.0.2 RELAY \n", "Connect:192.0.2 REJECT\n")]
    public void A_reload_request_reads_the_file_even_with_the_same_size_and_time_stamp(string type, string before, string after)
    {
        Assert.Equal(before.Length, after.Length);
        using var temp = new TempDirectory();
        var path = temp.Write("table", before);
        var stamp = File.GetLastWriteTimeUtc(path);
        var table = AccessTableFactory.Open($"{type}:{path}", "/", new AccessTableOptions { ReloadCheckInterval = TimeSpan.Zero });
        var client = IPAddress.Parse("192.0.2.1");
        Assert.Equal(AccessAction.Permit, table.FindClient(client, "unknown")!.Action);

        File.WriteAllText(path, after); // as cp -p or rsync -t would leave it
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.Equal(AccessAction.Permit, table.FindClient(client, "unknown")!.Action);

        TableReloads.RequestAll();
        Assert.Equal(AccessAction.Reject, table.FindClient(client, "unknown")!.Action);
        Assert.Null(((ITableDiagnostics)table).LastReloadError);
    }

    [Fact]
    public async Task Lookups_during_reloads_see_one_version_or_the_other()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("access", "192.0.2 OK\n");
        var table = AccessTableFactory.Open("texthash:" + path, "/", EveryLookup);
        var client = IPAddress.Parse("192.0.2.1");
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var seen = 0;
            do
            {
                var match = table.FindClient(client, "unknown");
                Assert.NotNull(match);
                Assert.Contains(match.Action, new[] { AccessAction.Permit, AccessAction.Reject });
                seen++;
            }
            while (!stop.IsCancellationRequested || seen < 100);
            return seen;
        })).ToArray();
        for (var i = 0; i < 50; i++)
        {
            var content = i % 2 == 0 ? "192.0.2 REJECT\n" : "192.0.2 OK\n# " + new string('x', i) + "\n";
            var next = path + ".new";
            File.WriteAllText(next, content);
            File.Move(next, path, overwrite: true);
        }
        stop.Cancel();
        Assert.All(await Task.WhenAll(readers), seen => Assert.True(seen > 0));
    }
}
