namespace Sekisho.Cli.Sendmail;

/// <summary>
/// The name the program was started under (argv[0]'s file name). .NET's own view of it names the resolved file, not a
/// symlink such as <c>/usr/sbin/sendmail</c>, so it is read from <c>/proc/self/cmdline</c>.
/// </summary>
internal static class InvocationName
{
    /// <summary>The file name of argv[0], e.g. <c>sendmail</c>; empty when it cannot be told.</summary>
    public static string Get()
    {
        try
        {
            if (File.Exists("/proc/self/cmdline"))
            {
                var bytes = File.ReadAllBytes("/proc/self/cmdline");
                var end = Array.IndexOf(bytes, (byte)0);
                var first = System.Text.Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
                return Path.GetFileName(first);
            }
        }
        catch (IOException)
        {
        }
        return Path.GetFileNameWithoutExtension(Environment.GetCommandLineArgs()[0]);
    }
}
