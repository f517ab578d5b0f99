namespace Sekisho.Config.Tests;

/// <summary>Finding and reading the configuration file, and resolving relative paths against its directory.</summary>
public sealed class ConfigurationLoadTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Without_a_path_the_working_directory_file_is_used()
    {
        var file = _temp.Write("sekisho.conf", "mail_name = FromFile\n");
        var configuration = Configuration.Load(null, _temp.Path);
        Assert.Equal("sekisho.conf", configuration.SourceName);
        Assert.Equal(file, configuration.FilePath);
        Assert.Equal(_temp.Path, configuration.BaseDirectory);
        Assert.False(configuration.IsEmbedded);
        Assert.Equal("FromFile", configuration.Get("mail_name"));
    }

    [Fact]
    public void Without_a_path_or_file_the_embedded_default_is_used()
    {
        var configuration = Configuration.Load(null, _temp.Path);
        Assert.True(configuration.IsEmbedded);
        Assert.Null(configuration.FilePath);
        Assert.Equal("(embedded default)", configuration.SourceName);
        Assert.Equal(_temp.Path, configuration.BaseDirectory);
    }

    [Theory]
    [InlineData("sekisho.conf", "data_directory = data", "data", "data/queue")]
    [InlineData("etc/main.cf", "data_directory = data", "etc/data", "etc/data/queue")]
    [InlineData("etc/main.cf", "data_directory = ../var/x", "var/x", "var/x/queue")]
    [InlineData("etc/deep/main.cf", "data_directory = ./d\nqueue_directory = $data_directory/q", "etc/deep/d", "etc/deep/d/q")]
    [InlineData("etc/main.cf", "queue_directory = spool", "/var/lib/sekisho", "etc/spool")]
    public void Relative_paths_resolve_against_the_file_directory(string fileName, string text, string expectedData, string expectedQueue)
    {
        _temp.Write(fileName, text);
        var settings = SekishoSettings.FromConfiguration(Configuration.Load(fileName, _temp.Path));
        Assert.Equal(Path.GetFullPath(Path.Combine(_temp.Path, expectedData)), settings.DataDirectory);
        Assert.Equal(Path.GetFullPath(Path.Combine(_temp.Path, expectedQueue)), settings.QueueDirectory);
    }

    [Fact]
    public void Absolute_explicit_path_is_used_from_anywhere()
    {
        var file = _temp.Write("conf/sekisho.conf", "maildir_base = boxes\naccount_database = /srv/accounts.db\n");
        var elsewhere = Path.GetTempPath();
        var configuration = Configuration.Load(file, elsewhere);
        var settings = SekishoSettings.FromConfiguration(configuration);
        Assert.Equal(file, configuration.SourceName);
        Assert.Equal(Path.Combine(_temp.Path, "conf"), configuration.BaseDirectory);
        Assert.Equal(Path.Combine(_temp.Path, "conf", "boxes"), settings.MaildirBase);
        Assert.Equal(Path.GetFullPath("/srv/accounts.db"), settings.AccountDatabase);
    }

    [Theory]
    [InlineData("missing.conf", "missing.conf: cannot open: no such file")]
    [InlineData("nodir/missing.conf", "nodir/missing.conf: cannot open: no such file")]
    public void Missing_explicit_file_is_an_error(string path, string message)
    {
        var error = Assert.Throws<ConfigException>(() => Configuration.Load(path, _temp.Path));
        Assert.Equal(message, error.Message);
        Assert.Equal(0, error.Line);
        Assert.Equal(path, error.FileName);
        Assert.Equal("cannot open: no such file", error.Problem);
    }

    [Fact]
    public void A_directory_is_not_a_configuration_file()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "adir"));
        var error = Assert.Throws<ConfigException>(() => Configuration.Load("adir", _temp.Path));
        Assert.Equal("adir: cannot open: is a directory", error.Message);
    }

    [Fact]
    public void Errors_in_a_loaded_file_name_the_file_as_given()
    {
        _temp.Write("sekisho.conf", "# ok\nmynetworks = 10.0.0.0/99\n");
        var error = Assert.Throws<ConfigException>(() => SekishoSettings.FromConfiguration(Configuration.Load(null, _temp.Path)));
        Assert.Equal("sekisho.conf:2: mynetworks: bad CIDR \"10.0.0.0/99\"", error.Message);
    }

    [Fact]
    public void Resolve_path_is_relative_to_the_base_directory()
    {
        var configuration = Configuration.FromText("", "x.conf", _temp.Path);
        Assert.Equal(Path.Combine(_temp.Path, "a", "b"), configuration.ResolvePath("a/b"));
        Assert.Equal(Path.GetFullPath("/abs"), configuration.ResolvePath("/abs"));
    }
}
