namespace Sekisho.Config;

/// <summary>Reads <c>smtpd_tls_cert_file</c> and <c>smtpd_tls_key_file</c>: both set to existing files, or neither.</summary>
internal static class TlsFiles
{
    private const string Cert = "smtpd_tls_cert_file";
    private const string Key = "smtpd_tls_key_file";

    /// <summary>The absolute paths, or nulls when TLS is not configured.</summary>
    /// <exception cref="ConfigException">A missing file, or only one of the two set.</exception>
    public static (string? CertFile, string? KeyFile) Read(SettingReader reader)
    {
        var cert = reader.OptionalExistingFile(Cert);
        var key = reader.OptionalExistingFile(Key);
        if (cert is not null && key is null)
        {
            throw reader.Error(Cert, $"{Key} must be set too");
        }
        if (key is not null && cert is null)
        {
            throw reader.Error(Key, $"{Cert} must be set too");
        }
        return (cert, key);
    }
}
