using System.Globalization;
using System.Text;

namespace Sekisho.Cli.Status;

/// <summary>
/// <c>sekisho status</c> at a glance, from the server's metrics: version and uptime, connections open and in total per
/// listener (and those refused by a limit, if any), messages accepted, rejects by reason class and restriction, logins by service and mechanism,
/// POP-before-SMTP authorizations, the queue by state and delivery attempts by result.
/// </summary>
internal static class StatusFormatter
{
    private static readonly string[] Listeners = ["smtp", "submission", "smtps", "pop3", "pop3s"];
    private static readonly string[] QueueStates = ["incoming", "active", "deferred", "hold", "corrupt"];
    private static readonly string[] DeliveryResults = ["delivered", "deferred", "bounced"];

    /// <summary>Formats the summary.</summary>
    /// <param name="samples">The server's samples.</param>
    /// <param name="now">The time now, for the uptime.</param>
    public static string Format(IReadOnlyList<MetricSample> samples, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var version = samples.FirstOrDefault(s => s.Name == "sekisho_build_info")?["version"] ?? "";
        var started = samples.FirstOrDefault(s => s.Name == "sekisho_start_time_seconds") is { } start
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(start.Value * 1000))
            : (DateTimeOffset?)null;
        text.Append("sekisho ").Append(version.Length > 0 ? version : "(version unknown)");
        if (started is { } since)
        {
            text.Append(": up ").Append(Uptime(now - since)).Append(" (since ").Append(since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC)");
        }
        text.Append('\n');

        text.Append("connections (open/total):");
        var listeners = Listeners.Where(l => samples.Any(s => s.Name is "sekisho_connections_total" && s["listener"] == l)).ToList();
        foreach (var listener in listeners)
        {
            text.Append(' ').Append(listener).Append(' ').Append(Number(Sum(samples, "sekisho_connections_open", ("listener", listener))))
                .Append('/').Append(Number(Sum(samples, "sekisho_connections_total", ("listener", listener))));
            text.Append(listener == listeners[^1] ? "" : ",");
        }
        text.Append(listeners.Count == 0 ? " none\n" : "\n");
        var refused = samples.Where(s => s.Name == "sekisho_connections_refused_total" && s.Value > 0).ToList();
        if (refused.Count > 0)
        {
            text.Append("connections refused: ").Append(Number(refused.Sum(s => s.Value))).Append(" (")
                .Append(string.Join(", ", refused.OrderBy(s => s["listener"], StringComparer.Ordinal).ThenBy(s => s["limit"], StringComparer.Ordinal)
                    .Select(s => $"{s["listener"]} {s["limit"]} {Number(s.Value)}"))).Append(")\n");
        }

        text.Append("messages accepted: ").Append(Number(Sum(samples, "sekisho_messages_accepted_total"))).Append('\n');

        var rejects = samples.Where(s => s.Name == "sekisho_rejects_total" && s.Value > 0).OrderByDescending(s => s.Value)
            .ThenBy(s => s["reason"], StringComparer.Ordinal).ThenBy(s => s["restriction"], StringComparer.Ordinal).ToList();
        text.Append("rejects: ").Append(Number(rejects.Sum(s => s.Value))).Append('\n');
        foreach (var reject in rejects)
        {
            text.Append("  ").Append(reject["reason"].PadRight(14)).Append(Number(reject.Value).PadLeft(8)).Append("  ").Append(reject["restriction"]).Append('\n');
        }

        var logins = samples.Where(s => s.Name == "sekisho_auth_total").ToList();
        text.Append("logins: ").Append(Number(logins.Where(s => s["result"] == "success").Sum(s => s.Value))).Append(" succeeded, ")
            .Append(Number(logins.Where(s => s["result"] == "failure").Sum(s => s.Value))).Append(" failed\n");
        foreach (var group in logins.Where(s => s.Value > 0).GroupBy(s => (Service: s["service"], Mechanism: s["mechanism"]))
                     .OrderBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Mechanism, StringComparer.Ordinal))
        {
            text.Append("  ").Append($"{group.Key.Service} {group.Key.Mechanism}".PadRight(22))
                .Append(string.Join(", ", group.OrderBy(s => s["result"], StringComparer.Ordinal).Select(s => $"{s["result"]} {Number(s.Value)}"))).Append('\n');
        }
        text.Append("pop-before-smtp authorizations: ").Append(Number(Sum(samples, "sekisho_pop_before_smtp_authorizations_total", ("result", "recorded"))));
        var failed = Sum(samples, "sekisho_pop_before_smtp_authorizations_total", ("result", "failed"));
        text.Append(failed > 0 ? $" (store failed {Number(failed)} times)\n" : "\n");

        text.Append("queue: ").Append(string.Join(", ", QueueStates.Select(state => $"{state} {Number(Sum(samples, "sekisho_queue_messages", ("state", state)))}"))).Append('\n');
        text.Append("deliveries: ").Append(string.Join(", ",
            DeliveryResults.Select(result => $"{result} {Number(Sum(samples, "sekisho_delivery_attempts_total", ("result", result)))}"))).Append('\n');
        return text.ToString();
    }

    private static double Sum(IReadOnlyList<MetricSample> samples, string name, (string Label, string Value)? filter = null) =>
        samples.Where(s => s.Name == name && (filter is not { } f || s[f.Label] == f.Value)).Sum(s => s.Value);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Uptime(TimeSpan uptime)
    {
        if (uptime < TimeSpan.Zero)
        {
            uptime = TimeSpan.Zero;
        }
        return uptime.TotalDays >= 1
            ? $"{(int)uptime.TotalDays}d {uptime.Hours}h {uptime.Minutes:00}m"
            : uptime.TotalHours >= 1 ? $"{uptime.Hours}h {uptime.Minutes:00}m" : $"{uptime.Minutes}m {uptime.Seconds:00}s";
    }
}
