using System.Text;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>Postfix's connection cache: a session that delivered waits briefly for the next message to the same server.</summary>
public sealed class ConnectionCacheTests : IDisposable
{
    private static readonly byte[] Content = Encoding.ASCII.GetBytes("Subject: cached\r\n\r\nbody\r\n");
    private readonly FakeSmtpServer _server = new("127.0.0.2");
    private readonly SpoolHarness _spool = new();

    public void Dispose()
    {
        _server.Dispose();
        _spool.Dispose();
    }

    private SmtpTransport Transport(TimeSpan cacheTime) => new(new SmtpTransportOptions
    {
        HeloName = "me.test",
        RelayHost = $"[127.0.0.2]:{_server.Port}",
        ConnectionCacheTimeLimit = cacheTime,
        Timeouts = new SmtpTimeouts { Connect = TimeSpan.FromSeconds(5), Helo = TimeSpan.FromSeconds(10) },
    });

    private async Task<RecipientStatus> SendAsync(SmtpTransport transport, string recipient = "bob@example.test") =>
        Assert.Single(await _spool.DeliverAsync(transport, Content, "alice@here.test", [recipient])).Status;

    private int Count(string command) => _server.Commands.Count(c => c.StartsWith(command, StringComparison.OrdinalIgnoreCase));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Messages_to_the_same_server_share_one_session_which_ends_with_quit_when_idle()
    {
        var transport = Transport(TimeSpan.FromMilliseconds(500));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        }
        Assert.Equal(3, _server.Messages.Count);
        Assert.Equal(1, _server.Connections);
        Assert.Equal(1, Count("EHLO"));
        Assert.Equal(3, Count("MAIL FROM:"));
        Assert.Equal(0, Count("QUIT"));
        await WaitUntilAsync(() => Count("QUIT") == 1);
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        Assert.Equal(2, _server.Connections);
    }

    [Fact]
    public async Task Without_the_cache_every_message_has_its_own_session()
    {
        var transport = Transport(TimeSpan.Zero);
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        Assert.Equal(2, _server.Connections);
        Assert.Equal(2, Count("QUIT"));
    }

    [Fact]
    public async Task A_session_the_server_closed_while_idle_is_replaced_without_a_failure()
    {
        _server.CloseAfterEachMessage = true;
        var transport = Transport(TimeSpan.FromSeconds(5));
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        await Task.Delay(100);
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        Assert.Equal(2, _server.Messages.Count);
        Assert.Equal(2, _server.Connections);
    }

    [Fact]
    public async Task A_session_whose_transaction_failed_is_not_kept()
    {
        _server.RcptReply = _ => "550 5.1.1 no such user";
        var transport = Transport(TimeSpan.FromSeconds(5));
        Assert.Equal(RecipientStatus.Bounced, await SendAsync(transport));
        Assert.Equal(1, Count("QUIT"));
        _server.RcptReply = _ => "250 2.1.5 Ok";
        Assert.Equal(RecipientStatus.Sent, await SendAsync(transport));
        Assert.Equal(2, _server.Connections);
    }
}
