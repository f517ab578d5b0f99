namespace Sekisho.Accounts;

/// <summary>
/// The key from which the SASL mechanisms derive the decoy secrets of unknown users
/// (<see cref="Sekisho.Protocol.Sasl.SaslServerOptions.DecoyKey"/>): 32 random bytes in a file readable by its owner only
/// (mode 0600), made once and kept across restarts, so an unknown user's fake SCRAM salt never changes. The server keeps
/// it at <c>$data_directory/sasl-decoy.key</c>. With a shared PostgreSQL account list, give every node the same file,
/// or a client could tell unknown users by asking two nodes.
/// </summary>
public static class DecoyKeyFile
{
    /// <summary>The key size in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The file name inside <c>data_directory</c>.</summary>
    public const string FileName = "sasl-decoy.key";

    /// <summary>
    /// Reads the key, or creates the file with a fresh random key when it does not exist. Creation is atomic (the file
    /// appears complete or not at all, and is made durable); when several processes race, all get the key of the one
    /// that created the file first.
    /// </summary>
    /// <param name="path">The key file, e.g. <c>/var/lib/sekisho/sasl-decoy.key</c>; its folder is created if needed.</param>
    /// <returns>The 32-byte key.</returns>
    /// <exception cref="InvalidDataException">The file exists but does not hold exactly 32 bytes.</exception>
    /// <exception cref="IOException">The file or its folder cannot be read or written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static byte[] LoadOrCreate(string path) =>
        OwnerOnlyKeyFile.LoadOrCreate(path, KeySize,
            (full, size) => $"SASL decoy key file {full} holds {size} bytes, not {KeySize}; delete it and restart to make a new one");
}
