using System.CommandLine;
using System.Net;
using Sekisho.Cli.RelayTest;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho relay-test HOST[:PORT]</c>: runs every classic open-relay test against any SMTP server and
/// prints one line per test. Exit 0 when nothing relayed, 1 when a test relayed, 69 (EX_UNAVAILABLE) when the
/// server could not be reached or a test could not be performed, 64 for bad usage.
/// </summary>
internal static class RelayTestCommand
{
    /// <summary>Exit code when a test relayed.</summary>
    public const int Relayed = 1;

    /// <summary>Exit code when the server could not be tested (sysexits.h EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>The outside domain when none is given: reserved, so a relayed test mail could never arrive anywhere.</summary>
    public const string DefaultOutsideDomain = "relay-test.invalid";

    public static Command Create()
    {
        var target = new Argument<string>("HOST[:PORT]") { Description = "The server to test; port 25 unless given ([ADDRESS]:PORT for IPv6)." };
        var outsideDomain = new Option<string>("--outside-domain")
        {
            Description = $"The foreign domain the tests try to relay to (default {DefaultOutsideDomain}).",
            DefaultValueFactory = _ => DefaultOutsideDomain,
        };
        var fromAddress = new Option<string?>("--from-address") { Description = "Connect from this local address (e.g. 127.0.0.2 to play an outsider on loopback)." };
        var helo = new Option<string?>("--helo") { Description = "The name sent with EHLO/HELO (default: the outside domain)." };
        var timeout = new Option<string>("--timeout")
        {
            Description = "The longest wait for a connection or a reply: 10s, 500ms, 1m (default 10s).",
            DefaultValueFactory = _ => "10s",
        };
        var command = new Command("relay-test", "Test a mail server for open relaying with the classic relay tests (never sends DATA).");
        command.Arguments.Add(target);
        command.Options.Add(outsideDomain);
        command.Options.Add(fromAddress);
        command.Options.Add(helo);
        command.Options.Add(timeout);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = Settings(parse.GetValue(target)!, parse.GetValue(outsideDomain)!, parse.GetValue(fromAddress), parse.GetValue(helo), parse.GetValue(timeout)!);
            return settings is null ? CommonOptions.UsageError : await RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static RelayTestSettings? Settings(string targetText, string outsideDomain, string? fromAddress, string? helo, string timeoutText)
    {
        if (!RelayTarget.TryParse(targetText, out var relayTarget, out var error))
        {
            return Usage(error);
        }
        if (!ProbeNames.IsHostName(outsideDomain) || outsideDomain.EndsWith('.'))
        {
            return Usage($"--outside-domain {outsideDomain}: not a domain name");
        }
        IPAddress? local = null;
        if (fromAddress is not null && !IPAddress.TryParse(fromAddress, out local))
        {
            return Usage($"--from-address {fromAddress}: not an IP address");
        }
        var heloName = helo ?? outsideDomain;
        if (heloName.Length == 0 || heloName.Any(c => c is <= ' ' or > '~'))
        {
            return Usage($"--helo {heloName}: not a host name");
        }
        if (!ProbeTimeout.TryParse(timeoutText, out var limit))
        {
            return Usage($"--timeout {timeoutText}: expected a time such as 10s, 500ms or 1m (at most 1h)");
        }
        return new RelayTestSettings(relayTarget, local, outsideDomain, heloName, limit);
    }

    private static RelayTestSettings? Usage(string message)
    {
        Console.Error.WriteLine("sekisho: relay-test: " + message);
        return null;
    }

    private static async Task<int> RunAsync(RelayTestSettings settings, CancellationToken cancellationToken)
    {
        var probes = RelayProbeCatalog.All;
        var outcomes = new List<ProbeOutcome>();
        var from = settings.LocalAddress is null ? "" : " from " + settings.LocalAddress;
        Console.WriteLine($"Testing {settings.Target.Host} port {settings.Target.Port}{from}, outside domain {settings.OutsideDomain}: {probes.Count} tests.");
        string? unreachable = null;
        try
        {
            await foreach (var outcome in new RelayTester(settings).RunAsync(probes, cancellationToken))
            {
                outcomes.Add(outcome);
                Console.WriteLine(outcome);
            }
        }
        catch (TargetUnreachableException exception)
        {
            unreachable = exception.Message;
            Console.Error.WriteLine("sekisho: relay-test: " + exception.Message);
        }

        var relayed = outcomes.Where(o => o.Verdict == ProbeVerdict.Relayed).ToList();
        var notPerformed = outcomes.Where(o => o.Verdict == ProbeVerdict.NotPerformed).ToList();
        if (relayed.Count > 0)
        {
            Console.WriteLine($"{relayed.Count} of {probes.Count} tests relayed:");
            relayed.ForEach(Console.WriteLine);
            return Relayed;
        }
        if (unreachable is not null)
        {
            if (outcomes.Count > 0)
            {
                Console.WriteLine($"Stopped after {outcomes.Count} of {probes.Count} tests: {unreachable}.");
            }
            return Unavailable;
        }
        if (notPerformed.Count > 0)
        {
            Console.WriteLine($"{notPerformed.Count} of {probes.Count} tests could not be performed:");
            notPerformed.ForEach(Console.WriteLine);
            return Unavailable;
        }
        Console.WriteLine("All tests performed, no relays accepted.");
        return 0;
    }
}
