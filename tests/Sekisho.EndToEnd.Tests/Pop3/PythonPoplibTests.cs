using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// Python's poplib against the POP3 server from an untrusted address: STLS then USER/PASS, every TRANSACTION command,
/// content byte for byte as delivered (dot-stuffing undone by the client), DELE only taking effect at QUIT, and RSET.
/// APOP is in <see cref="ApopTests"/>.
/// </summary>
public sealed class PythonPoplibTests
{
    private static readonly string[] Login = ["--stls", "--user", "alice", "--password", "secret"];

    private static string UidlOf(string path) => Path.GetFileName(path).Split(':')[0];

    [Fact]
    public async Task Stls_user_pass_and_every_command_show_the_maildrop_as_delivered()
    {
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Dotted, Pop3TestMail.Plain(2));
        var files = server.MessagesOf("alice").OrderBy(File.GetLastWriteTimeUtc).ToList();

        var report = await PythonPoplib.RunAsync(server.Pop3Port, Login, "capa", "stat", "list", "uidl", "uidl:2", "top:1:0", "top:2:1", "retr:1", "retr:2", "quit");

        Assert.Equal("ok", report.Text("result"));
        Assert.Equal("+OK Sekisho ready.", report.Text("welcome"));
        Assert.StartsWith("TLSv1.", report.Text("tls"));
        Assert.Equal("+OK Logged in.", report.Text("login"));
        var capabilities = report.Result(0).GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["AUTH-RESP-CODE", "EXPIRE", "IMPLEMENTATION", "PIPELINING", "RESP-CODES", "TOP", "UIDL"], capabilities); // logged in: no USER, SASL, STLS
        Assert.Equal(2, report.Result(1).GetProperty("count").GetInt32());
        Assert.Equal(delivered.Sum(m => m.Length), report.Result(1).GetProperty("size").GetInt32());
        Assert.Equal([$"1 {delivered[0].Length}", $"2 {delivered[1].Length}"], report.Result(2).GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([$"1 {UidlOf(files[0])}", $"2 {UidlOf(files[1])}"], report.Result(3).GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal($"+OK 2 {UidlOf(files[1])}", report.Result(4).Text("response"));

        var header = Encoding.ASCII.GetString(delivered[0])[..(Encoding.ASCII.GetString(delivered[0]).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        Assert.Equal(header, Encoding.ASCII.GetString(report.Result(5).Content()));
        Assert.EndsWith("\r\n\r\nbody of message 2\r\n", Encoding.ASCII.GetString(report.Result(6).Content()));
        Assert.Equal($"+OK {delivered[0].Length} octets", report.Result(7).Text("response"));
        Assert.Equal(delivered[0], report.Result(7).Content());
        Assert.Equal(delivered[1], report.Result(8).Content());
        Assert.Equal("+OK Logging out.", report.Result(9).Text("response"));

        // Retrieved messages moved from new/ to cur/ with the seen flag, under the same unique names.
        Assert.Empty(Directory.GetFiles(Path.Combine(server.MaildirOf("alice"), "new")));
        Assert.Equal(files.Select(f => UidlOf(f) + ":2,S").Order(), Directory.GetFiles(Path.Combine(server.MaildirOf("alice"), "cur")).Select(Path.GetFileName).Order());
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=USER, rip=127.0.0.2, lip=127.0.0.1, tls");
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: alice: disconnected: Logged out top=2/", StringComparison.Ordinal)
            && l.Contains($", del=0/2, size={delivered.Sum(m => m.Length)}"));
    }

    [Fact]
    public async Task Dele_takes_effect_only_at_quit_and_rset_undoes_it()
    {
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(1), Pop3TestMail.Plain(2), Pop3TestMail.Plain(3));

        var undone = await PythonPoplib.RunAsync(server.Pop3Port, Login, "dele:1", "stat", "rset", "stat", "quit");
        Assert.Equal("+OK Marked to be deleted.", undone.Result(0).Text("response"));
        Assert.Equal(2, undone.Result(1).GetProperty("count").GetInt32());
        Assert.Equal($"+OK maildrop has 3 messages ({delivered.Sum(m => m.Length)} octets)", undone.Result(2).Text("response"));
        Assert.Equal(3, undone.Result(3).GetProperty("count").GetInt32());
        Assert.Equal(3, server.MessagesOf("alice").Count);

        var dropped = await PythonPoplib.RunAsync(server.Pop3Port, Login, "dele:2"); // the socket closes without QUIT
        Assert.Equal("ok", dropped.Text("result"));
        await server.WaitForLogAsync("pop3d: alice: disconnected: Connection closed "); // the lock is released
        Assert.Equal(3, server.MessagesOf("alice").Count);

        var deleted = await PythonPoplib.RunAsync(server.Pop3Port, Login, "uidl", "dele:2", "retr:2", "dele:2", "list", "quit");
        Assert.Equal("-ERR Message is deleted.", deleted.Result(2).Text("error"));
        Assert.Equal("-ERR Message is deleted.", deleted.Result(3).Text("error"));
        Assert.Equal(["1 " + delivered[0].Length, "3 " + delivered[2].Length], deleted.Result(4).GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("+OK Logging out, messages deleted.", deleted.Result(5).Text("response"));
        Assert.Equal(2, server.MessagesOf("alice").Count);

        // The survivors keep their UIDLs; numbers are given afresh.
        var uidls = deleted.Result(0).GetProperty("lines").EnumerateArray().Select(l => l.GetString()!.Split(' ')[1]).ToList();
        var after = await PythonPoplib.RunAsync(server.Pop3Port, Login, "uidl", "retr:2", "quit");
        Assert.Equal([$"1 {uidls[0]}", $"2 {uidls[2]}"], after.Result(0).GetProperty("lines").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(delivered[2], after.Result(1).Content());
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: alice: disconnected: Logged out top=0/0, retr=0/0, del=1/3, ", StringComparison.Ordinal));
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: alice: disconnected: Logged out top=0/0, retr=1/", StringComparison.Ordinal) && l.Contains(", del=0/2, "));
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: alice: disconnected: Connection closed top=0/0, retr=0/0, del=0/3, ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pop3s_serves_the_same_over_implicit_tls()
    {
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Dotted);
        var report = await PythonPoplib.RunAsync(server.Pop3sPort, ["--ssl", "--user", "alice@example.test", "--password", "secret"], "retr:1", "quit");
        Assert.Equal("ok", report.Text("result"));
        Assert.StartsWith("TLSv1.", report.Text("tls"));
        Assert.Equal(delivered[0], report.Result(0).Content());
    }
}
