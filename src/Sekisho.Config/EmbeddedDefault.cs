namespace Sekisho.Config;

/// <summary>
/// The configuration used when no file is given and the working directory has no <c>sekisho.conf</c>:
/// a safe, loopback-only setup on unprivileged ports that keeps its data under <c>./sekisho-data</c>.
/// It doubles as a commented example for admins (<c>sekisho config --default</c>).
/// </summary>
public static class EmbeddedDefault
{
    /// <summary>The text, in <c>main.cf</c> syntax.</summary>
    public const string Text = """
        # Sekisho built-in default configuration.
        #
        # Sekisho reads Postfix main.cf syntax: "name = value", lines that start
        # with whitespace continue the previous line, "#" starts a comment line,
        # and $name or ${name} refers to another parameter. Relative paths are
        # relative to this file's directory (here: the working directory).
        #
        # Copy this text to sekisho.conf and edit it, or run with --config FILE.

        # Where Sekisho keeps its queue, mailboxes and account database.
        data_directory = sekisho-data

        # The domains this server delivers locally. myhostname defaults to the
        # machine's host name.
        mydestination = $myhostname, localhost

        # Clients that may relay without authenticating: this machine only.
        mynetworks = 127.0.0.0/8 [::1]/128

        # Listen on loopback only, on unprivileged ports, so that trying
        # Sekisho out needs no root and exposes nothing.
        inet_interfaces = loopback-only
        smtp_listen = 127.0.0.1:2525
        submission_listen = 127.0.0.1:2587
        pop3_listen = 127.0.0.1:2110

        # Local aliases: edit the source file, then run "sekisho newaliases".
        alias_maps = hash:$data_directory/aliases
        alias_database = $alias_maps
        """;
}
