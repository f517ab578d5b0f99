namespace Sekisho.Config;

/// <summary>One parameter Sekisho knows by name, with its default and a one-line description.</summary>
/// <param name="Name">The parameter name, e.g. <c>mynetworks</c>.</param>
/// <param name="DefaultValue">
/// The unexpanded default. For a parameter whose default is derived from others (see <see cref="DerivedFrom"/>)
/// this is the value derived from the other parameters' own defaults.
/// </param>
/// <param name="Description">One line for <c>sekisho config</c> listings.</param>
/// <param name="UsedBySekisho">False for Postfix parameters Sekisho accepts but ignores (setting one gives a warning).</param>
public sealed record ParameterDefinition(string Name, string DefaultValue, string Description, bool UsedBySekisho)
{
    /// <summary>
    /// The parameters the default is computed from when the file does not set this one
    /// (e.g. <c>mydomain</c> from <c>myhostname</c>), or null for a plain default.
    /// </summary>
    public string? DerivedFrom { get; init; }
}
