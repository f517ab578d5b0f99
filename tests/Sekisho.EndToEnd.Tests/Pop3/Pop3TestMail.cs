using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>Mail for the POP3 tests: delivered over SMTP from the untrusted address, as any sender's mail arrives.</summary>
internal static class Pop3TestMail
{
    /// <summary>The client that plays an outsider: not in <c>mynetworks</c> (127.0.0.1/32).</summary>
    public const string Outside = "127.0.0.2";

    /// <summary>A message whose body has lines that need dot-stuffing (and one that only looks like the end).</summary>
    public const string Dotted = "Subject: dots\r\nFrom: carol@elsewhere.example\r\n\r\nfirst line\r\n..leading dot\r\n...\r\n.\r\nlast line\r\n";

    /// <summary>A few plain messages.</summary>
    public static string Plain(int i) => $"Subject: message {i}\r\nFrom: carol@elsewhere.example\r\n\r\nbody of message {i}\r\nsecond line\r\nthird line\r\n";

    /// <summary>
    /// Delivers each message (header and body, CRLF lines, dot-stuffed here) to <paramref name="account"/> one after the
    /// other, waiting for each to land, and returns the stored files' bytes in delivery order (which is POP3's order).
    /// </summary>
    public static async Task<IReadOnlyList<byte[]>> DeliverAsync(TestServer server, string account, params string[] messages)
    {
        var delivered = new List<byte[]>();
        foreach (var message in messages)
        {
            var before = server.MessagesOf(account);
            await using (var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, Outside))
            {
                Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
                Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync($"RCPT TO:<{account}@example.test>"));
                Assert.StartsWith("354 ", await smtp.CommandAsync("DATA"));
                var stuffed = string.Join("\r\n", message.Split("\r\n").Select(line => line.StartsWith('.') ? "." + line : line));
                Assert.StartsWith("250 2.0.0 Ok: queued as", await smtp.CommandAsync(stuffed + "."));
            }
            var after = await server.WaitForMessagesAsync(account, before.Count + 1);
            delivered.Add(await File.ReadAllBytesAsync(Assert.Single(after.Except(before))));
        }
        return delivered;
    }
}
