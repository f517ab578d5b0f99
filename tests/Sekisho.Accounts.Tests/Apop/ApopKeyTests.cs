using Sekisho.Accounts.Tests.Support;

namespace Sekisho.Accounts.Tests.Apop;

public sealed class ApopKeyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Creates_a_32_byte_owner_only_file_once_and_reads_it_back()
    {
        var path = _directory.Combine("data", ApopKey.FileName);

        var key = ApopKey.LoadOrCreate(path);

        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.Equal(key.Id, ApopKey.LoadOrCreate(path).Id);
        Assert.Equal(key.Id, ApopKey.FromBytes(File.ReadAllBytes(path)).Id);
        Assert.NotEqual(key.Id, ApopKey.LoadOrCreate(_directory.Combine("other.key")).Id);
        Assert.Equal([ApopKey.FileName], Directory.GetFiles(_directory.Combine("data")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Processes_racing_to_create_it_all_get_the_same_key()
    {
        var path = _directory.Combine("race", ApopKey.FileName);

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => ApopKey.LoadOrCreate(path))));

        Assert.Single(keys.Select(key => key.Id).Distinct());
        Assert.Single(Directory.GetFiles(_directory.Combine("race")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(64)]
    public void A_file_of_the_wrong_size_is_refused_not_replaced(int size)
    {
        var path = _directory.Combine(ApopKey.FileName);
        File.WriteAllBytes(path, new byte[size]);

        var exception = Assert.Throws<InvalidDataException>(() => ApopKey.LoadOrCreate(path));

        Assert.Contains($"APOP key file {path} holds {size} bytes, not 32; restore it", exception.Message);
        Assert.Equal(size, new FileInfo(path).Length);
    }

    [Fact]
    public void A_key_shows_its_id_and_never_its_bytes()
    {
        var key = ApopKey.FromBytes(Enumerable.Repeat((byte)0xAB, 32).ToArray());

        Assert.Equal("APOP key " + key.Id, key.ToString());
        Assert.DoesNotContain("abab", key.Id + key);
        Assert.Throws<ArgumentException>(() => ApopKey.FromBytes(new byte[16]));
    }
}
