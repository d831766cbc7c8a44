using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Tests.Retrieval;

public class RankFusionTests
{
    private static RetrievalList Semantic(params (string, double)[] hits) => new("semantic", RetrievalKind.Semantic, 1, hits);

    private static RetrievalList Keyword(params (string, double)[] hits) => new("keyword", RetrievalKind.Keyword, 1, hits);

    [Fact]
    public void Rrf_puts_what_both_lists_rank_well_first()
    {
        var fused = RankFusion.Fuse(
            [Semantic(("a", 0.9), ("b", 0.8), ("c", 0.7)), Keyword(("b", 12), ("d", 10), ("a", 1))],
            FusionMethod.Rrf, rrfK: 60);

        fused.Select(c => c.Id).Should().Equal("b", "a", "d", "c");
        fused[0].Score.Should().BeApproximately(1.0 / 62 + 1.0 / 61, 1e-12);
    }

    [Fact]
    public void Rrf_weights_scale_a_lists_contribution()
    {
        var fused = RankFusion.Fuse(
            [Semantic(("a", 0.9)), new RetrievalList("keyword", RetrievalKind.Keyword, 3, [("b", 1.0)])],
            FusionMethod.Rrf, rrfK: 60);

        fused[0].Id.Should().Be("b");
    }

    [Fact]
    public void Weighted_fusion_scales_each_list_by_its_best()
    {
        var fused = RankFusion.Fuse(
            [Semantic(("a", 0.9), ("b", 0.5), ("c", 0.1)), Keyword(("c", 8), ("b", 2))],
            FusionMethod.Weighted, rrfK: 60);

        // a: 1 + 0; b: 0.5 + 0.25; c: 0 + 1
        fused.Select(c => (c.Id, Math.Round(c.Score, 3))).Should().Equal(("a", 1.0), ("c", 1.0), ("b", 0.75));
    }

    [Fact]
    public void Candidates_remember_their_ranks_and_similarity()
    {
        var fused = RankFusion.Fuse([Semantic(("a", 0.9), ("b", 0.8)), Keyword(("b", 3))], FusionMethod.Rrf, 60);

        var b = fused.Single(c => c.Id == "b");
        b.SemanticRank.Should().Be(2);
        b.Similarity.Should().Be(0.8);
        b.KeywordRank.Should().Be(1);
        fused.Single(c => c.Id == "a").KeywordRank.Should().BeNull();
    }

    [Fact]
    public void No_lists_fuse_to_nothing()
        => RankFusion.Fuse([], FusionMethod.Weighted, 60).Should().BeEmpty();
}
