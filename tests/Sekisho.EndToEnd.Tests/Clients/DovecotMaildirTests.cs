using System.Diagnostics;
using MailKit.Net.Pop3;
using MailKit.Security;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>
/// The Maildirs Sekisho writes are standard: a private Dovecot instance serves them over POP3 to MailKit's
/// Pop3Client byte for byte, and moving a message to <c>cur/</c> (as Dovecot does) is handled by Sekisho.
/// </summary>
public sealed class DovecotMaildirTests
{
    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }

    private static string Config(string root, string mailBase, int port) => $$"""
        base_dir = {{root}}/run
        state_dir = {{root}}/state
        log_path = {{root}}/dovecot.log
        protocols = pop3
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain
        mail_uid = nobody
        mail_gid = nogroup
        mail_location = maildir:{{mailBase}}/%u
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {{root}}/users
        }
        userdb {
          driver = static
          args = uid=nobody gid=nogroup home={{root}}/home/%u
        }
        service pop3-login {
          inet_listener pop3 {
            address = 127.0.0.1
            port = {{port}}
          }
          chroot =
        }
        service anvil {
          chroot =
        }
        """;

    [Fact]
    public async Task Dovecot_serves_a_delivered_message_byte_for_byte()
    {
        Assert.True(File.Exists("/usr/sbin/dovecot"), "dovecot is not installed (scripts/test.sh installs dovecot-pop3d)");
        await using var server = await TestServer.StartAsync();
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.StartsWith("354", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as", await client.CommandAsync("Subject: for dovecot\r\n\r\nfirst\r\n..a stuffed dot\r\n."));
        }
        var delivered = await File.ReadAllBytesAsync(Assert.Single(await server.WaitForMessagesAsync("alice", 1)));

        var root = Path.Combine(server.Root, "dovecot");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "users"), "alice:{PLAIN}secret\n");
        var port = FreePort.Next();
        var config = Path.Combine(root, "dovecot.conf");
        await File.WriteAllTextAsync(config, Config(root, Path.Combine(server.DataDirectory, "mail"), port));
        // Dovecot runs the mailbox as an unprivileged user, as an admin would set it up.
        await RunAsync("chown", "-R", "nobody:nogroup", server.MaildirOf("alice"));
        // In the foreground (-F) as our own child: a daemonized master would outlive a failed test.
        using var dovecot = Process.Start(new ProcessStartInfo("/usr/sbin/dovecot", ["-F", "-c", config]) { RedirectStandardInput = true })!;
        try
        {
            using var pop3 = new Pop3Client();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await pop3.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
                    break;
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 100 && !dovecot.HasExited)
                {
                    await Task.Delay(100);
                }
            }
            await pop3.AuthenticateAsync("alice", "secret");
            Assert.Equal(1, pop3.Count);
            await using var retrieved = await pop3.GetStreamAsync(0);
            using var copy = new MemoryStream();
            await retrieved.CopyToAsync(copy);
            Assert.Equal(delivered, copy.ToArray());
            await pop3.DisconnectAsync(true);
        }
        finally
        {
            dovecot.Kill(entireProcessTree: true);
            await dovecot.WaitForExitAsync();
        }
        // Dovecot moved it to cur/ with flags; Sekisho's next delivery to the same Maildir still works.
        Assert.Single(Directory.GetFiles(Path.Combine(server.MaildirOf("alice"), "cur")));
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort))
        {
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.StartsWith("354", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as", await client.CommandAsync("Subject: second\r\n\r\nsecond\r\n."));
        }
        await server.WaitForMessagesAsync("alice", 2);
    }
}
