namespace Sekisho.Fuzz.Targets;

/// <summary>The fuzz targets of Sekisho.Config's parsers.</summary>
internal static class ConfigTargets
{
    /// <summary>Every target of the layer.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } = [new MainCfTarget()];
}
