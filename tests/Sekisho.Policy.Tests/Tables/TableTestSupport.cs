using System.Net;
using Sekisho.Policy.Tables;

namespace Sekisho.Policy.Tests.Tables;

/// <summary>Opens the tables in TestData and writes matches as one comparable line.</summary>
internal static class TableTestSupport
{
    /// <summary>The copied TestData folder.</summary>
    public static string DataDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>Opens <c>type:file</c> relative to TestData.</summary>
    public static IAccessTable Open(string spec) => AccessTableFactory.Open(spec, DataDirectory);

    /// <summary>A client lookup, described.</summary>
    public static string Client(IAccessTable table, string address, string hostname = "unknown") =>
        Describe(table.FindClient(IPAddress.Parse(address), hostname));

    /// <summary>
    /// <c>-</c> for no match, else e.g. <c>Reject 550 5.7.1 "text" [key] @10</c>: action, code, enhanced code, text,
    /// key as written and the line of the source (the whole source when it has no line).
    /// </summary>
    public static string Describe(AccessMatch? match)
    {
        if (match is null)
        {
            return "-";
        }
        var colon = match.Source.LastIndexOf(':');
        var where = colon >= 0 && match.Source[(colon + 1)..].All(char.IsAsciiDigit) ? match.Source[(colon + 1)..] : match.Source;
        string?[] parts = [match.Action.ToString(), match.Code?.ToString(), match.EnhancedCode,
            match.Text is null ? null : $"\"{match.Text}\"", $"[{match.Key}]", "@" + where];
        return string.Join(' ', parts.Where(p => p is not null));
    }
}
