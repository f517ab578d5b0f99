using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary><c>smtpd_data_restrictions</c>: evaluated at DATA and at the first BDAT, with Postfix's replies and log line.</summary>
public sealed class DataRestrictionTests
{
    [Fact]
    public async Task Reject_unauth_pipelining_at_data_refuses_a_client_that_talks_ahead()
    {
        await using var server = await TestServer.StartAsync("smtpd_data_restrictions = reject_unauth_pipelining");
        await using (var client = await RawSmtpClient.ConnectAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.StartsWith("220 ", await client.ReadReplyAsync());
            await client.SendAsync("HELO spammer.example\r\nMAIL FROM:<a@spammer.example>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n");
            Assert.Equal("250 mx.example.test", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.0 Ok", await client.ReadReplyAsync());
            Assert.Equal("250 2.1.5 Ok", await client.ReadReplyAsync());
            Assert.Equal("554 5.5.0 Error: improper use of SMTP command pipelining", await client.ReadReplyAsync());
            Assert.Equal("221 2.0.0 Bye", await client.CommandAsync("QUIT"));
        }
        server.AssertNothingQueuedOrDelivered();
        Assert.Contains(server.LogLines, line => line.Contains("NOQUEUE: reject: DATA from unknown[127.0.0.2]: 554 5.5.0 Error: improper use of SMTP command pipelining "
            + "(smtpd_data_restrictions: reject_unauth_pipelining); from=<a@spammer.example> proto=SMTP helo=<spammer.example>"));
    }

    [Fact]
    public async Task A_patient_client_passes_the_data_restrictions()
    {
        await using var server = await TestServer.StartAsync("smtpd_data_restrictions = reject_unauth_pipelining");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@patient.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal("354 End data with <CR><LF>.<CR><LF>", await client.CommandAsync("DATA"));
            Assert.StartsWith("250 2.0.0 Ok: queued as ", await client.CommandAsync("Subject: patient\r\n\r\nhello\r\n."));
        }
        await server.WaitForMessagesAsync("alice", 1);
    }

    [Theory]
    [InlineData("DATA", "554 5.7.1 Access denied")]
    [InlineData("BDAT 7 LAST\r\nhello", "554 5.7.1 Access denied")]
    public async Task A_reject_in_the_data_list_refuses_data_and_bdat_and_queues_nothing(string command, string expected)
    {
        await using var server = await TestServer.StartAsync("smtpd_data_restrictions = permit_mynetworks, reject");
        await using (var client = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, "127.0.0.2"))
        {
            Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<a@outside.example>"));
            Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<alice@example.test>"));
            Assert.Equal(expected, await client.CommandAsync(command));
            Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("NOOP"));
        }
        server.AssertNothingQueuedOrDelivered();
    }
}
