using Simulation.Engine.Randomness;
using Simulation.Engine.Tests.Support;

namespace Simulation.Engine.Tests.Randomness;

public class RandomStreamsTests
{
    // Published FNV-1a 64-bit test vectors (Fowler/Noll/Vo, isthe.com/chongo/tech/comp/fnv), and
    // component names hashed by an independent C implementation (streams.c, fnvcjk.c; not in
    // the repository). The Chinese name is hashed over its UTF-8 bytes E6 B7 B1 E5 9C B3.
    [Theory]
    [InlineData("", 0xCBF29CE484222325UL)]
    [InlineData("a", 0xAF63DC4C8601EC8CUL)]
    [InlineData("foobar", 0x85944171F73967E8UL)]
    [InlineData("shocks", 0xE6884FFC3D55C106UL)]
    [InlineData("trend:smart-terminals", 0x7CBA83DA98B146DBUL)]
    [InlineData("event:export-controls", 0x7F9C771FD57DE262UL)]
    [InlineData("subsidy:semiconductors:2026", 0xF19A3982B22C2608UL)]
    [InlineData("\u6DF1\u5733", 0x81D037D522FA1219UL)]
    public void Component_KnownName_IsFnv1a64OfUtf8(string name, ulong expected)
    {
        Assert.Equal(expected, RandomStreams.Component(name));
    }

    [Fact]
    public void Component_LongName_HashesWithoutStackBuffer()
    {
        string name = new('x', 1000);
        ulong expected = 0xCBF29CE484222325UL;
        for (int i = 0; i < name.Length; i++)
        {
            expected = unchecked((expected ^ 'x') * 0x100000001B3UL);
        }

        Assert.Equal(expected, RandomStreams.Component(name));
    }

    [Fact]
    public void Component_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RandomStreams.Component(null!));
    }

    // The reproducibility contract: the first three outputs of the stream for (seed, path, component),
    // computed by an independent C rendering of the documented derivation on top of the reference
    // splitmix64 and xoshiro256** code (streams.c, not in the repository). If this test fails,
    // every result of every run has changed.
    [Theory]
    [InlineData(0UL, 0L, "shocks", 0x56515E24FEB71264UL, 0x4328FB74A4F75B1CUL, 0x352F505FAE46D159UL)]
    [InlineData(20250101UL, 0L, "shocks", 0x38288D5A70C73E8EUL, 0xC0E037689302F2EFUL, 0x7864FC1272B3EE1DUL)]
    [InlineData(20250101UL, 1L, "shocks", 0x26356ADBE18643F1UL, 0x4C0B70F42888AEE4UL, 0x207E2E330C80F388UL)]
    [InlineData(20250101UL, 999999L, "event:export-controls", 0xB12D75EC60A351C4UL, 0x372965AD03F73EDEUL, 0xA726F4DDF76699CDUL)]
    [InlineData(ulong.MaxValue, 123456789012L, "subsidy:semiconductors:2026", 0xEA6A144D1C3F1AE2UL, 0xB4A18AC5801DC60BUL, 0xAC13D7966A39538DUL)]
    public void Create_PinnedInputs_MatchContract(ulong seed, long path, string component, ulong first, ulong second, ulong third)
    {
        var rng = RandomStreams.Create(seed, path, RandomStreams.Component(component));
        Assert.Equal(first, rng.NextUInt64());
        Assert.Equal(second, rng.NextUInt64());
        Assert.Equal(third, rng.NextUInt64());

        var byName = RandomStreams.Create(seed, path, component);
        Assert.Equal(first, byName.NextUInt64());
    }

    [Fact]
    public void Create_AllZeroInputs_GiveValidNonZeroStream()
    {
        // From streams.c: create(0, 0, 0).
        var rng = RandomStreams.Create(0, 0, 0);
        Assert.True(rng.IsValid);
        Assert.Equal(0xB91F665DB5DEB69EUL, rng.NextUInt64());
    }

    [Fact]
    public void Create_SameInputs_GiveSameStream()
    {
        var a = RandomStreams.Create(5, 6, 7);
        var b = RandomStreams.Create(5, 6, 7);
        Assert.Equal(a, b);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void Create_NegativePath_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomStreams.Create(1, -1, 0));
    }

    [Fact]
    public void Create_ManyAdjacentInputs_GiveDistinctValidStates()
    {
        var states = new HashSet<Xoshiro256StarStar>();
        for (ulong seed = 0; seed < 4; seed++)
        {
            for (long path = 0; path < 500; path++)
            {
                for (ulong component = 0; component < 4; component++)
                {
                    var rng = RandomStreams.Create(seed, path, component);
                    Assert.True(rng.IsValid);
                    Assert.True(states.Add(rng));
                }
            }
        }
    }

    [Fact]
    public void Create_AdjacentPaths_FirstDrawsUncorrelated()
    {
        // The draw that matters most for common random numbers: the first normal of each path. Over
        // n paths, the correlation between path p and path p + 1 (and between two components of one
        // path) must be 0 within 4 standard errors, SE = 1 / sqrt(n).
        const int n = 100_000;
        ulong shocks = RandomStreams.Component("shocks");
        ulong events = RandomStreams.Component("events");
        var own = new double[n + 1];
        var other = new double[n + 1];
        for (int p = 0; p <= n; p++)
        {
            var a = RandomStreams.Create(42, p, shocks);
            var b = RandomStreams.Create(42, p, events);
            own[p] = StandardNormal.Next(ref a);
            other[p] = StandardNormal.Next(ref b);
        }

        double bound = SampleStatistics.Tolerance / Math.Sqrt(n);
        Assert.InRange(SampleStatistics.Correlation(own.AsSpan(0, n), own.AsSpan(1, n)), -bound, bound);
        Assert.InRange(SampleStatistics.Correlation(own.AsSpan(0, n), other.AsSpan(0, n)), -bound, bound);
    }

    [Fact]
    public void Create_AdjacentPathsAndComponents_SequencesUncorrelated()
    {
        // Within-stream sequences of adjacent paths, adjacent components and adjacent seeds: the
        // correlation of n paired draws must be 0 within 4 SE = 4 / sqrt(n).
        const int n = 100_000;
        (ulong Seed, long Path, ulong Component)[] pairs = [(9, 0, 1), (9, 1, 1), (9, 0, 2), (10, 0, 1)];
        var streams = new double[pairs.Length][];
        for (int s = 0; s < pairs.Length; s++)
        {
            var rng = RandomStreams.Create(pairs[s].Seed, pairs[s].Path, pairs[s].Component);
            streams[s] = new double[n];
            StandardNormal.Fill(ref rng, streams[s]);
        }

        double bound = SampleStatistics.Tolerance / Math.Sqrt(n);
        for (int s = 1; s < pairs.Length; s++)
        {
            Assert.InRange(SampleStatistics.Correlation(streams[0], streams[s]), -bound, bound);
        }
    }
}
