using System.Runtime.CompilerServices;

namespace Sekisho.Cli.RelayTest;

/// <summary>
/// Runs relay tests against one server, one SMTP session per test: greeting, EHLO (HELO when EHLO is refused),
/// MAIL, RCPT, then RSET and QUIT. It never sends DATA, so a server that relays receives no message.
/// </summary>
internal sealed class RelayTester(RelayTestSettings settings)
{
    private static readonly ProbeReply NoGreeting = new(0, []);

    /// <summary>Runs <paramref name="probes"/> in order and yields each outcome as soon as it is known.</summary>
    /// <exception cref="TargetUnreachableException">The server's name does not resolve or a connection could not be made; the run stops.</exception>
    public async IAsyncEnumerable<ProbeOutcome> RunAsync(IReadOnlyList<RelayProbe> probes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var server = await settings.Target.ResolveAsync(settings.LocalAddress, cancellationToken);
        // Until a greeting names the server, the command line's host (or the address) stands in for it.
        var names = ProbeNames.For(settings.OutsideDomain, NoGreeting, settings.Target.Host, server.Address);
        foreach (var probe in probes)
        {
            await using var connection = await ProbeConnection.ConnectAsync(server, settings.LocalAddress, settings.Timeout, cancellationToken);
            var (outcome, greetedNames) = await RunSessionAsync(connection, probe, names, cancellationToken);
            names = greetedNames;
            yield return outcome;
        }
    }

    private async Task<(ProbeOutcome Outcome, ProbeNames Names)> RunSessionAsync(ProbeConnection connection, RelayProbe probe, ProbeNames names, CancellationToken cancellationToken)
    {
        ProbeOutcome Outcome(string detail, ProbeVerdict verdict) => new(probe, probe.MailFor(names), probe.RcptFor(names), detail, verdict);
        try
        {
            var greeting = await connection.ReadReplyAsync(cancellationToken);
            if (greeting.Code != 220)
            {
                // 554 at the greeting refuses everything (nothing relayed); 421 means "not now" (nothing tested).
                return (Outcome("greeting " + greeting, greeting.IsTransient ? ProbeVerdict.NotPerformed : ProbeVerdict.NotRelayed), names);
            }
            names = ProbeNames.For(settings.OutsideDomain, greeting, settings.Target.Host, connection.RemoteAddress);
            var hello = await connection.CommandAsync("EHLO " + settings.HeloName, cancellationToken);
            if (!hello.IsPositive)
            {
                hello = await connection.CommandAsync("HELO " + settings.HeloName, cancellationToken);
                if (!hello.IsPositive)
                {
                    return (Outcome("HELO " + hello, ProbeVerdict.NotRelayed), names);
                }
            }
            var mail = await connection.CommandAsync(probe.MailFor(names), cancellationToken);
            if (!mail.IsPositive)
            {
                await EndQuietlyAsync(connection, cancellationToken);
                return (Outcome("MAIL " + mail, ProbeVerdict.NotRelayed), names);
            }
            var rcpt = await connection.CommandAsync(probe.RcptFor(names), cancellationToken);
            await EndQuietlyAsync(connection, cancellationToken);
            return (Outcome(rcpt.ToString(), rcpt.IsPositive ? ProbeVerdict.Relayed : ProbeVerdict.NotRelayed), names);
        }
        catch (ProbeSessionException exception)
        {
            return (Outcome(exception.Message, ProbeVerdict.NotPerformed), names);
        }
    }

    /// <summary>RSET and QUIT; the verdict is already known, so a server that drops the line here changes nothing.</summary>
    private static async Task EndQuietlyAsync(ProbeConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.CommandAsync("RSET", cancellationToken);
            await connection.CommandAsync("QUIT", cancellationToken);
        }
        catch (ProbeSessionException)
        {
        }
    }
}
