using System.Net;

namespace Sekisho.Policy.Tables;

/// <summary>
/// The common part of every table: a name, a <see cref="SnapshotSource{T}"/> and diagnostics. Subclasses answer
/// lookups from one snapshot, taken once per lookup so that a reload in between cannot mix two versions.
/// </summary>
/// <typeparam name="T">The snapshot type.</typeparam>
internal abstract class SnapshotAccessTable<T> : IAccessTable, ITableDiagnostics
    where T : class, ITableSnapshot
{
    private readonly SnapshotSource<T> _source;

    protected SnapshotAccessTable(string name, SnapshotSource<T> source)
    {
        Name = name;
        _source = source;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => _source.Current.Warnings;

    /// <inheritdoc/>
    public string? LastReloadError => _source.LastReloadError;

    /// <inheritdoc/>
    public AccessMatch? FindClient(IPAddress address, string hostname) =>
        FindClient(_source.Current, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, hostname ?? "");

    /// <inheritdoc/>
    public AccessMatch? FindHelo(string helo) => string.IsNullOrEmpty(helo) ? null : FindHelo(_source.Current, helo);

    /// <inheritdoc/>
    public AccessMatch? FindSender(string address) => FindSender(_source.Current, address ?? "");

    /// <inheritdoc/>
    public AccessMatch? FindRecipient(string address) => FindRecipient(_source.Current, address ?? "");

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The snapshot lookups see now (reloaded first when the file changed).</summary>
    protected T Current => _source.Current;

    protected abstract AccessMatch? FindClient(T snapshot, IPAddress address, string hostname);

    protected abstract AccessMatch? FindHelo(T snapshot, string helo);

    protected abstract AccessMatch? FindSender(T snapshot, string address);

    protected abstract AccessMatch? FindRecipient(T snapshot, string address);
}
