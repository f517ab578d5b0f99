namespace Sekisho.Accounts.Import;

/// <summary>What happened to one account of an import.</summary>
public enum ImportStatus
{
    /// <summary>The account was created.</summary>
    Imported,

    /// <summary>An account of that name exists already; it was left unchanged.</summary>
    Exists,

    /// <summary>Nothing was stored: the line carried nothing usable under this configuration, or the store refused it.</summary>
    Refused,
}
