using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// A tiny SMTP server on a free loopback port that answers from a script and records every command line
/// exactly as received, one session after another: for checking what the relay tester sends.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="greeting">The greeting line, e.g. <c>220 fake.test ESMTP</c>.</param>
    /// <param name="answer">The reply line(s) for a command line (CRLF added); QUIT always gets 221 and a close.</param>
    public ScriptedSmtpServer(string greeting, Func<string, string> answer)
    {
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(greeting, answer));
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Each session's command lines, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<string>> Sessions { get; } = new();

    private async Task ServeAsync(string greeting, Func<string, string> answer)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var lines = new List<string>();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(greeting + "\r\n"), _stop.Token);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lines.Add(line);
                var quit = line.Equals("QUIT", StringComparison.OrdinalIgnoreCase);
                await stream.WriteAsync(Encoding.ASCII.GetBytes((quit ? "221 2.0.0 Bye" : answer(line)) + "\r\n"), _stop.Token);
                if (quit || greeting.StartsWith('4'))
                {
                    break;
                }
            }
            Sessions.Enqueue(lines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}
