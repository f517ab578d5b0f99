namespace Sekisho.Fuzz.Targets;

/// <summary>The fuzz targets of Sekisho.Accounts' parsers.</summary>
internal static class AccountsTargets
{
    /// <summary>Every target of the layer.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } = [new AliasesTarget()];
}
