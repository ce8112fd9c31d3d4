// TEMPORARY: replaced by the real generators from branch rng before commit.
#pragma warning disable CS1591
namespace Simulation.Engine.Randomness;

public struct Xoshiro256StarStar
{
    private ulong s0, s1, s2, s3;

    public Xoshiro256StarStar(ulong a, ulong b, ulong c, ulong d)
    {
        s0 = a; s1 = b; s2 = c; s3 = d;
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));
}

public static class RandomStreams
{
    public static Xoshiro256StarStar Create(ulong seed, long pathIndex, ulong component)
    {
        ulong x = seed ^ Mix((ulong)pathIndex + 0x9E3779B97F4A7C15UL) ^ Mix(component + 0x632BE59BD9B4E019UL);
        return new Xoshiro256StarStar(Mix(x + 1), Mix(x + 2), Mix(x + 3), Mix(x + 4));
    }

    public static ulong Component(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(name)) { h ^= b; h *= 1099511628211UL; }
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

public static class ZigguratNormal
{
    public static double Next(ref Xoshiro256StarStar rng)
    {
        double u1 = rng.NextOpenDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
