using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>The mail log says why a local recipient was refused, so an admin can fix an alias.</summary>
public sealed class UnknownRecipientLogTests
{
    [Theory]
    [InlineData("a@example.test", "alias loop")]
    [InlineData("nobody@example.test", "unknown user")]
    public async Task The_reject_line_names_the_reason(string recipient, string reason)
    {
        await using var server = await TestServer.StartAsync(aliases: "a: b\nb: a\n");
        await using var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort);
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<carol@elsewhere.example>"));
        Assert.Equal($"550 5.1.1 <{recipient}>: Recipient address rejected: User unknown", await client.CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.Contains(server.LogLines, line => line.Contains($"NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <{recipient}>")
            && line.Contains("(local recipient table: ") && line.Contains(reason));
        server.AssertNothingQueuedOrDelivered();
    }
}
