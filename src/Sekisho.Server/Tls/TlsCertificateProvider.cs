using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sekisho.Storage;

namespace Sekisho.Server.Tls;

/// <summary>
/// Loads the server certificate from <c>smtpd_tls_cert_file</c>/<c>smtpd_tls_key_file</c> (PEM), or, when
/// none is configured, a self-signed one kept in <c>data_directory/tls/</c> (made on first start), so
/// STARTTLS works out of the box.
/// </summary>
public static class TlsCertificateProvider
{
    /// <summary>Loads or creates the certificate.</summary>
    /// <param name="certFile">The configured certificate file, or null.</param>
    /// <param name="keyFile">The configured key file, or null.</param>
    /// <param name="dataDirectory">Where a generated certificate lives.</param>
    /// <param name="hostname">The subject name of a generated certificate.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    public static async Task<X509Certificate2> LoadAsync(string? certFile, string? keyFile, string dataDirectory, string hostname, CancellationToken cancellationToken)
    {
        if (certFile is not null && keyFile is not null)
        {
            return Reload(X509Certificate2.CreateFromPemFile(certFile, keyFile));
        }
        var folder = Path.Combine(dataDirectory, "tls");
        var generatedCert = Path.Combine(folder, "selfsigned-cert.pem");
        var generatedKey = Path.Combine(folder, "selfsigned-key.pem");
        if (!File.Exists(generatedCert) || !File.Exists(generatedKey))
        {
            await GenerateAsync(generatedCert, generatedKey, hostname, cancellationToken);
        }
        return Reload(X509Certificate2.CreateFromPemFile(generatedCert, generatedKey));
    }

    private static async Task GenerateAsync(string certPath, string keyPath, string hostname, CancellationToken cancellationToken)
    {
        DurableFile.CreateDirectory(Path.GetDirectoryName(certPath)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        await DurableFile.WriteAllBytesAsync(keyPath, System.Text.Encoding.ASCII.GetBytes(keyPem), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await DurableFile.WriteAllBytesAsync(certPath, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()), cancellationToken);
    }

    // An ephemeral PEM key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it persistable.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
