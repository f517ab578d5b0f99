namespace Sekisho.Fuzz.Targets;

/// <summary>The fuzz targets of parsers that live in Sekisho.Server.</summary>
internal static class ServerTargets
{
    /// <summary>Every target of the layer.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } = [new BdatTarget(), new MaildropTarget()];
}
