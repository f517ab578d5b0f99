namespace Sekisho.Fuzz.Targets;

/// <summary>The fuzz targets of Sekisho.Policy's table parsers.</summary>
internal static class PolicyTargets
{
    /// <summary>Every target of the layer.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new TableTarget("cidr", "cidr"),
        new TableTarget("sendmail-access", "sendmail"),
        new TableTarget("smtprelay-tab", "xmail"),
        new TableTarget("postfix-access", "texthash"),
    ];
}
