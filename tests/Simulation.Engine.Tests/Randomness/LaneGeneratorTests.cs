using System.Runtime.Intrinsics;
using Simulation.Engine.Randomness;

namespace Simulation.Engine.Tests.Randomness;

/// <summary>Eight lanes must be eight scalar streams, word for word, draw for draw.</summary>
public class LaneGeneratorTests
{
    [Theory]
    [InlineData(0UL, 0L, "shocks")]
    [InlineData(20231128UL, 5L, "subsidy:2025")]
    [InlineData(ulong.MaxValue, 9_000_000_000_000L, "park:baoan-yanluo")]
    public void Next_EveryLane_IsTheScalarStreamOfItsPath(ulong seed, long firstPath, string component)
    {
        ulong id = RandomStreams.Component(component);
        var lanes = LaneGenerator.Create(seed, firstPath, id);
        var scalar = Enumerable.Range(0, 8).Select(l => RandomStreams.Create(seed, firstPath + l, id)).ToArray();
        for (int draw = 0; draw < 100; draw++)
        {
            var words = lanes.Next();
            for (int l = 0; l < 8; l++)
            {
                Assert.Equal(scalar[l].NextUInt64(), words.GetElement(l));
            }
        }
    }

    [Fact]
    public void Next_Masked_AdvancesOnlyTheMaskedLanes()
    {
        var lanes = LaneGenerator.Create(3, 16, 7);
        var scalar = Enumerable.Range(0, 8).Select(l => RandomStreams.Create(3, 16 + l, 7)).ToArray();
        var random = new Random(1);
        for (int draw = 0; draw < 200; draw++)
        {
            var mask = Vector512.Create(Enumerable.Range(0, 8).Select(_ => random.Next(2) == 1 ? ulong.MaxValue : 0UL).ToArray());
            var doubles = lanes.NextOpenDouble(mask);
            for (int l = 0; l < 8; l++)
            {
                if (mask.GetElement(l) != 0)
                {
                    Assert.Equal(scalar[l].NextOpenDouble(), doubles.GetElement(l));
                }
            }
        }

        var last = lanes.Next();
        for (int l = 0; l < 8; l++)
        {
            Assert.Equal(scalar[l].NextUInt64(), last.GetElement(l));
        }
    }

    [Fact]
    public void FillNormals_EveryLane_EqualsScalarNormalsBitForBit()
    {
        var lanes = LaneGenerator.Create(11, 1000, 2);
        var scalar = Enumerable.Range(0, 8).Select(l => RandomStreams.Create(11, 1000 + l, 2)).ToArray();
        var block = new Vector512<double>[27];
        for (int year = 0; year < 200; year++)
        {
            lanes.FillNormals(block);
            foreach (var v in block)
            {
                for (int l = 0; l < 8; l++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(StandardNormal.Next(ref scalar[l])), BitConverter.DoubleToInt64Bits(v.GetElement(l)));
                }
            }
        }
    }
}
