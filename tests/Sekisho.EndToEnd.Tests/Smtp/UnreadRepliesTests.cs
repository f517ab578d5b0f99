using System.Net;
using System.Net.Sockets;
using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary>A client that sends commands but never reads the replies must not hold a session for ever, nor slow others down.</summary>
public sealed class UnreadRepliesTests
{
    [Fact]
    public async Task A_client_that_never_reads_is_dropped_after_the_timeout()
    {
        await using var server = await TestServer.StartAsync("smtpd_timeout = 2s");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await socket.ConnectAsync(IPAddress.Loopback, server.SmtpPort);
        var noops = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("NOOP\r\n", 20_000)));

        using var writing = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var writer = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    await socket.SendAsync(noops, SocketFlags.None, writing.Token);
                }
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server gave up on us: expected.
            }
        });

        // Meanwhile another client is served as usual.
        await LegitimateClient.SendAsync(server.SmtpPort);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!server.LogLines.Any(line => line.Contains("disconnect from unknown[127.0.0.2]")))
        {
            Assert.True(DateTime.UtcNow < deadline, "the session is still held by a client that does not read:\n" + string.Join("\n", server.LogLines));
            await Task.Delay(100);
        }
        socket.Dispose();
        await writer;
        Assert.Single(await server.WaitForMessagesAsync("alice", 1));
        Assert.Equal(0, server.QueuedCount());
    }
}
