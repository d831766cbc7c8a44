namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// The facet values of the exercise catalog (the free-exercise-db schema) with the everyday words, gym slang
/// and abbreviations people use for them. The catalog's own vocabulary is merged on top when the metadata
/// service serves it; this one makes search understand queries even before that (or when it is down).
/// </summary>
public static class BuiltInVocabulary
{
    public static Vocabulary Create()
        => Vocabulary.Create(
            Facets,
            Rewrites.Concat(Compounds.Select(c => KeyValuePair.Create(c, c))).Concat(LanguageVocabulary.Rewrites),
            Vocabulary.Once(MovementWords.Concat(ConstraintVocabulary.Words).Concat(RelatedRequestVocabulary.Words)));

    public static IReadOnlyList<FacetValue> Facets { get; } =
    [
        Muscle("abdominals", "abs", "ab", "abdominal", "abdomen", "core", "stomach", "belly", "six pack", "sixpack", "midsection", "obliques", "oblique"),
        Muscle("abductors", "abductor", "outer thigh", "outer thighs", "hip abductors", "lower body"),
        Muscle("adductors", "adductor", "inner thigh", "inner thighs", "groin", "hip adductors", "lower body"),
        Muscle("biceps", "bicep", "bi", "bis", "arms", "upper body"),
        Muscle("calves", "calf", "calfs", "gastrocnemius", "soleus", "lower legs", "legs", "lower body"),
        Muscle("chest", "pecs", "pec", "pectorals", "pectoral", "pectoralis", "breast", "upper body"),
        Muscle("forearms", "forearm", "grip strength", "wrist", "wrists", "arms", "upper body"),
        Muscle("glutes", "glute", "gluteus", "gluteal", "butt", "buttocks", "bum", "booty", "hip extensors", "legs", "lower body"),
        Muscle("hamstrings", "hamstring", "hammies", "hams", "back of thigh", "back of thighs", "back of the thigh", "back of the thighs", "legs", "lower body"),
        Muscle("lats", "lat", "latissimus", "latissimus dorsi", "upper back", "wings", "upper body"),
        Muscle("lower back", "lumbar", "low back", "erector spinae", "erectors", "spinal erectors", "back"),
        Muscle("middle back", "mid back", "rhomboids", "rhomboid", "upper back", "back", "upper body"),
        Muscle("neck", "cervical"),
        Muscle("quadriceps", "quads", "quad", "quadricep", "thighs", "thigh", "front of thigh", "front of thighs", "legs", "lower body"),
        Muscle("shoulders", "shoulder", "delts", "delt", "deltoids", "deltoid", "rotator cuff", "upper body"),
        Muscle("traps", "trap", "trapezius", "upper back", "upper body"),
        Muscle("triceps", "tricep", "tris", "arms", "upper body"),

        Equipment("bands", "band", "resistance band", "resistance bands", "elastic band", "elastic bands", "mini band"),
        Equipment("barbell", "barbells", "olympic bar", "straight bar"),
        Equipment("body only", "bodyweight", "body weight", "own body weight", "no equipment", "without equipment",
            "equipment free", "no weights", "without weights", "no weight", "without weight", "calisthenics", "unweighted", "at home"),
        // An exercise that states no equipment is no evidence against a bodyweight query: most of them need none.
        Equipment(FacetFields.Unstated, "no equipment", "without equipment", "equipment free", "no weights", "without weights",
            "no weight", "without weight", "bodyweight", "body weight", "own body weight", "calisthenics", "unweighted"),
        Equipment("cable", "cables", "pulley", "pulleys", "cable machine", "cable station"),
        Equipment("dumbbell", "dumbbells", "dumb bell", "dumb bells", "db", "dbs"),
        Equipment("e-z curl bar", "ez bar", "ez curl bar", "ez curl", "curl bar", "e z bar"),
        Equipment("exercise ball", "swiss ball", "stability ball", "physio ball", "fitness ball", "gym ball"),
        Equipment("foam roll", "foam roller", "foam rollers", "foam rolling", "smr", "self myofascial release"),
        Equipment("kettlebells", "kettlebell", "kettle bell", "kettle bells", "kb", "kbs"),
        Equipment("machine", "machines", "smith machine", "leverage machine"),
        Equipment("medicine ball", "medicine balls", "med ball", "med balls", "medball", "slam ball"),
        Equipment("other"),

        Category("cardio", "cardiovascular", "aerobic", "aerobics", "conditioning", "endurance"),
        // To strengthen a muscle is what every loaded category does, not only the one the catalog calls "strength":
        // a rack pull strengthens the lower back as much as a good morning does.
        Category("olympic weightlifting", "olympic lifts", "olympic lift", "olympic lifting", "olympic", "oly", "weightlifting", "strengthening", "strengthen"),
        Category("plyometrics", "plyometric", "plyo", "plyos", "jumps", "jumping", "explosive"),
        Category("powerlifting", "powerlift", "power lifting", "strengthening", "strengthen"),
        Category("stretching", "stretch", "stretches", "stretched", "flexibility", "mobility", "limber"),
        Category("strength", "strengthening", "strengthen", "strength training", "resistance training"),
        Category("strongman", "strong man", "strengthening", "strengthen"),

        Level("beginner", "beginners", "novice", "novices", "easy", "basic", "starter", "newbie", "entry level"),
        Level("intermediate", "moderate"),
        Level("expert", "experts", "advanced", "hard", "difficult"),

        Force("pull", "pulling"),
        Force("push", "pushing"),
        Force("static", "isometric", "isometrics", "hold", "holds", "holding"),
        Force(FacetFields.Unstated),

        Mechanic("compound", "compounds", "multi joint", "multijoint"),
        Mechanic("isolation", "isolated", "isolate", "isolating", "single joint"),
        Mechanic(FacetFields.Unstated),
    ];

    /// <summary>
    /// Spellings of the same movement collapsed to the catalog's ("press ups" is the British push-up), so keyword
    /// search and the force/muscle phrases see one form.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Rewrites { get; } =
    [
        Rewrite("press up", "push up"),
        Rewrite("press ups", "push ups"),
        Rewrite("pressup", "push up"),
        Rewrite("pressups", "push ups"),
        Rewrite("pushup", "push up"),
        Rewrite("pushups", "push ups"),
        Rewrite("pullup", "pull up"),
        Rewrite("pullups", "pull ups"),
        Rewrite("chinup", "chin up"),
        Rewrite("chinups", "chin ups"),
        Rewrite("situp", "sit up"),
        Rewrite("situps", "sit ups"),
        Rewrite("pull downs", "pulldowns"),
        Rewrite("pull down", "pulldown"),
        Rewrite("push downs", "pushdowns"),
        Rewrite("push down", "pushdown"),
        Rewrite("dead lift", "deadlift"),
        Rewrite("dead lifts", "deadlifts"),
        Rewrite("flys", "flyes"),
        Rewrite("fly", "flye"),
        Rewrite("skullcrusher", "skull crusher"),
        Rewrite("skullcrushers", "skull crushers"),
    ];

    /// <summary>
    /// Words that name a part of a movement more often than a facet ("close grip", "ez bar", "ab roller",
    /// "medium grip", "lifting weights"): a catalog synonym among them is not used to recognise facets, since a
    /// boost on the wrong facet would push whole groups of exercises up for nothing.
    /// </summary>
    public static IReadOnlySet<string> AmbiguousPhrases { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "grip", "bar", "roller", "weights", "weight", "medium", "hold", "arm", "leg", "hips", "hip", "ball",
    };

    /// <summary>
    /// Movement names made of words that would otherwise be read as facets: the "push" of a push-up is not a
    /// force filter, nor the "good" of a good morning anything at all.
    /// </summary>
    public static IReadOnlyList<string> Compounds { get; } =
    [
        "push up", "push ups", "pull up", "pull ups", "chin up", "chin ups", "push press", "pull through",
        "face pull", "face pulls",
    ];

    /// <summary>
    /// Movement words spelling correction may snap to even before the catalog's words are known: these are the
    /// names of movements, not of any particular exercise.
    /// </summary>
    public static IReadOnlyList<string> MovementWords { get; } =
    [
        "press", "curl", "curls", "squat", "squats", "row", "rows", "raise", "raises", "extension", "extensions",
        "deadlift", "deadlifts", "lunge", "lunges", "crunch", "crunches", "plank", "planks", "bridge", "bridges",
        "shrug", "shrugs", "dip", "dips", "flye", "flyes", "pullover", "pulldown", "pulldowns", "pushdown", "pushdowns",
        "kickback", "kickbacks", "swing", "swings", "snatch", "clean", "jerk", "thrust", "thruster", "jump", "jumps",
        "hop", "hops", "bound", "sprint", "walk", "carry", "twist", "rotation", "rollout", "hyperextension",
        "stretch", "stretches", "push", "pull", "up", "ups", "chin", "sit", "step", "box", "bench", "incline",
        "decline", "seated", "standing", "lying", "kneeling", "overhead", "lateral", "front", "rear", "reverse",
        "hammer", "preacher", "concentration", "goblet", "sumo", "romanian", "military", "arnold", "upright",
        "crossover", "wide", "close", "grip", "single", "alternating", "weighted", "hanging", "skull", "crusher",
        "crushers", "good", "morning", "mornings", "calf", "leg", "legs", "hip", "hips", "knee", "knees", "ball",
    ];

    private static FacetValue Muscle(string value, params string[] synonyms) => new(FacetField.Muscle, value, synonyms);

    private static FacetValue Equipment(string value, params string[] synonyms) => new(FacetField.Equipment, value, synonyms);

    private static FacetValue Category(string value, params string[] synonyms) => new(FacetField.Category, value, synonyms);

    private static FacetValue Level(string value, params string[] synonyms) => new(FacetField.Level, value, synonyms);

    private static FacetValue Force(string value, params string[] synonyms) => new(FacetField.Force, value, synonyms);

    private static FacetValue Mechanic(string value, params string[] synonyms) => new(FacetField.Mechanic, value, synonyms);

    private static KeyValuePair<string, string> Rewrite(string from, string to) => KeyValuePair.Create(from, to);
}
