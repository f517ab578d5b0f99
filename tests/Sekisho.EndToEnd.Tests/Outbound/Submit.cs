using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>Hands a message to a test server over SMTP as the trusted client 127.0.0.1, which may relay.</summary>
internal static class Submit
{
    /// <summary>Sends one message and returns its queue id; every reply must be positive.</summary>
    /// <param name="port">The server's SMTP port.</param>
    /// <param name="sender">The envelope sender.</param>
    /// <param name="recipients">The envelope recipients.</param>
    /// <param name="content">Header and body, each line ending in CRLF (dot-stuffed), without the final dot.</param>
    public static async Task<string> MessageAsync(int port, string sender, IReadOnlyList<string> recipients, string content)
    {
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(port, "127.0.0.1");
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync($"MAIL FROM:<{sender}>"));
        foreach (var recipient in recipients)
        {
            Assert.Equal("250 2.1.5 Ok", await smtp.CommandAsync($"RCPT TO:<{recipient}>"));
        }
        Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await smtp.CommandAsync("DATA"));
        var queued = await smtp.CommandAsync(content + ".");
        Assert.StartsWith("250 2.0.0 Ok: queued as ", queued);
        Assert.Equal("221 2.0.0 Bye", await smtp.CommandAsync("QUIT"));
        return queued["250 2.0.0 Ok: queued as ".Length..].Trim();
    }
}
