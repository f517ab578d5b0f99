using Sekisho.Queue;

namespace Sekisho.Cli.Sendmail;

/// <summary>A parsed sendmail command line.</summary>
internal sealed record SendmailOptions
{
    public SendmailMode Mode { get; init; } = SendmailMode.Deliver;

    /// <summary><c>-C</c>: the configuration file (or a folder holding sekisho.conf).</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>-f</c> / <c>-r</c> as given; null when not given.</summary>
    public string? Sender { get; init; }

    /// <summary><c>-F</c>; null when not given.</summary>
    public string? FullName { get; init; }

    /// <summary><c>-t</c>.</summary>
    public bool ExtractRecipients { get; init; }

    /// <summary><c>-i</c>, <c>-oi</c>: a lone dot does not end the input.</summary>
    public bool IgnoreDots { get; init; }

    /// <summary><c>-N</c>.</summary>
    public DsnNotify Notify { get; init; }

    /// <summary><c>-R</c>.</summary>
    public DsnReturn Return { get; init; }

    /// <summary><c>-V</c>.</summary>
    public string EnvelopeId { get; init; } = "";

    /// <summary><c>-v</c> (counted).</summary>
    public int Verbose { get; init; }

    /// <summary><c>-B 8BITMIME|7BIT</c>: the body type.</summary>
    public string BodyType { get; init; } = "7BIT";

    /// <summary><c>-qRsite</c> / <c>-qSsite</c>: flush only mail for this domain.</summary>
    public string? FlushSite { get; init; }

    /// <summary>The recipients on the command line, as given (each may hold a comma-separated list).</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Warnings to print (ignored option values), as Postfix prints them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
