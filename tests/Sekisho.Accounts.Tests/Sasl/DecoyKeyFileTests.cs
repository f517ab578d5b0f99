using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Sasl;

public sealed class DecoyKeyFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Creates_a_32_byte_owner_only_file_and_its_folder()
    {
        var path = _directory.Combine("data", DecoyKeyFile.FileName);

        var key = DecoyKeyFile.LoadOrCreate(path);

        Assert.Equal(32, key.Length);
        Assert.Equal(key, File.ReadAllBytes(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal([DecoyKeyFile.FileName], Directory.GetFiles(_directory.Combine("data")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_key_survives_restarts_and_differs_between_installations()
    {
        var first = DecoyKeyFile.LoadOrCreate(_directory.Combine("a.key"));

        Assert.Equal(first, DecoyKeyFile.LoadOrCreate(_directory.Combine("a.key")));
        Assert.NotEqual(first, DecoyKeyFile.LoadOrCreate(_directory.Combine("b.key")));
    }

    [Fact]
    public async Task Processes_racing_to_create_it_all_get_the_same_key()
    {
        var path = _directory.Combine("race", DecoyKeyFile.FileName);

        var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => DecoyKeyFile.LoadOrCreate(path))));

        Assert.Single(keys.Select(Convert.ToBase64String).Distinct());
        Assert.Single(Directory.GetFiles(_directory.Combine("race"))); // no temporary file left behind
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void A_file_of_the_wrong_size_is_refused_not_replaced(int size)
    {
        var path = _directory.Combine(DecoyKeyFile.FileName);
        File.WriteAllBytes(path, new byte[size]);

        var exception = Assert.Throws<InvalidDataException>(() => DecoyKeyFile.LoadOrCreate(path));

        Assert.Contains($"holds {size} bytes", exception.Message);
        Assert.Equal(size, new FileInfo(path).Length);
    }
}
