using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>
/// A scriptable next hop for the outbound tests: a plain-text SMTP server (no STARTTLS, no PIPELINING, no CHUNKING)
/// on a chosen loopback address and port. It may announce AUTH PLAIN LOGIN and require it before MAIL, answers RCPT
/// and the end of DATA from functions (so a test can refuse or defer some attempts), and records each session's
/// lines and every message it accepted. Sessions are served concurrently.
/// </summary>
public sealed class NextHopServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly Task _accept;

    /// <summary>Starts listening.</summary>
    /// <param name="address">A loopback address, e.g. 127.0.0.3 to play an MX host of its own.</param>
    /// <param name="port">The port; null for one from <see cref="FreePort"/>.</param>
    public NextHopServer(string address = "127.0.0.1", int? port = null)
    {
        _listener = new TcpListener(IPAddress.Parse(address), port ?? FreePort.Next());
        _listener.Start();
        Address = address;
        _accept = Task.Run(AcceptAsync);
    }

    /// <summary>The address it listens on.</summary>
    public string Address { get; }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The name in the greeting and the EHLO reply.</summary>
    public string Name { get; init; } = "nexthop.test";

    /// <summary>Mechanisms announced after EHLO (none: no AUTH); every AUTH attempt is recorded, then refused with 535.</summary>
    public string[] AuthMechanisms { get; init; } = [];

    /// <summary>MAIL gets <c>530 5.7.0 Authentication required</c>, as a submission server answers a client that did not log in (AUTH never succeeds here).</summary>
    public bool AuthRequired { get; init; }

    /// <summary>The reply to a RCPT command line (the whole line is passed).</summary>
    public Func<string, string> RcptReply { get; init; } = _ => "250 2.1.5 Ok";

    /// <summary>The reply at the end of DATA; only a 2xx reply counts the message as accepted.</summary>
    public Func<string> DataReply { get; init; } = () => "250 2.0.0 Ok: queued";

    /// <summary>Every session so far, in the order they were accepted.</summary>
    public ConcurrentQueue<NextHopSession> Sessions { get; } = new();

    /// <summary>Every message accepted at the end of DATA.</summary>
    public ConcurrentQueue<AcceptedMessage> Accepted { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var session = new NextHopSession();
            Sessions.Enqueue(session);
            var serving = Task.Run(() => ServeAsync(client, session));
            _running[serving] = true;
            _ = serving.ContinueWith(done => _running.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client, NextHopSession session)
    {
        using (client)
        {
            try
            {
                await ConverseAsync(client.GetStream(), session, _stop.Token);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private async Task ConverseAsync(NetworkStream stream, NextHopSession session, CancellationToken cancellationToken)
    {
        var reader = new StreamReader(stream, Encoding.Latin1);
        async Task ReplyAsync(string reply) => await stream.WriteAsync(Encoding.Latin1.GetBytes(reply + "\r\n"), cancellationToken);
        async Task<string?> ReadAsync()
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is not null)
            {
                session.Lines.Enqueue(line);
            }
            return line;
        }

        await ReplyAsync($"220 {Name} ESMTP test next hop");
        string? mailFrom = null;
        var recipients = new List<string>();
        while (await ReadAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    var lines = new List<string> { Name, "8BITMIME", "SIZE 10240000" };
                    if (AuthMechanisms.Length > 0)
                    {
                        lines.Add("AUTH " + string.Join(' ', AuthMechanisms));
                    }
                    await ReplyAsync(string.Join("\r\n", lines.Select((text, i) => (i == lines.Count - 1 ? "250 " : "250-") + text)));
                    break;
                case "HELO":
                    await ReplyAsync("250 " + Name);
                    break;
                case "AUTH":
                    // Play along far enough to see what a client would give away, then refuse.
                    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var prompts = words.Length < 2 ? 0 : words[1].ToUpperInvariant() switch
                    {
                        "PLAIN" => words.Length > 2 ? 0 : 1,
                        "LOGIN" => words.Length > 2 ? 1 : 2,
                        _ => 0,
                    };
                    for (var i = 0; i < prompts; i++)
                    {
                        await ReplyAsync("334 ");
                        if (await ReadAsync() is null)
                        {
                            return;
                        }
                    }
                    await ReplyAsync("535 5.7.8 Error: authentication failed");
                    break;
                case "MAIL":
                    if (AuthRequired)
                    {
                        await ReplyAsync("530 5.7.0 Authentication required");
                        break;
                    }
                    mailFrom = line;
                    recipients.Clear();
                    await ReplyAsync("250 2.1.0 Ok");
                    break;
                case "RCPT":
                    if (mailFrom is null)
                    {
                        await ReplyAsync("503 5.5.1 Error: need MAIL command");
                        break;
                    }
                    var reply = RcptReply(line);
                    if (reply.StartsWith('2'))
                    {
                        recipients.Add(line);
                    }
                    await ReplyAsync(reply);
                    break;
                case "DATA":
                    if (mailFrom is null || recipients.Count == 0)
                    {
                        await ReplyAsync("554 5.5.1 Error: no valid recipients");
                        break;
                    }
                    await ReplyAsync("354 End data with <CR><LF>.<CR><LF>");
                    var content = new StringBuilder();
                    while (await reader.ReadLineAsync(cancellationToken) is { } data && data != ".")
                    {
                        content.Append(data.StartsWith('.') ? data[1..] : data).Append("\r\n");
                    }
                    var end = DataReply();
                    if (end.StartsWith('2'))
                    {
                        Accepted.Enqueue(new AcceptedMessage(mailFrom, [.. recipients], content.ToString()));
                    }
                    await ReplyAsync(end);
                    mailFrom = null;
                    recipients.Clear();
                    break;
                case "RSET":
                    mailFrom = null;
                    recipients.Clear();
                    await ReplyAsync("250 2.0.0 Ok");
                    break;
                case "NOOP":
                    await ReplyAsync("250 2.0.0 Ok");
                    break;
                case "QUIT":
                    await ReplyAsync("221 2.0.0 Bye");
                    return;
                default:
                    await ReplyAsync("502 5.5.2 Error: command not recognized");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accept;
            await Task.WhenAll(_running.Keys);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
        }
        _stop.Dispose();
    }
}
