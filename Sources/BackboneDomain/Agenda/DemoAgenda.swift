/// The demo initiative's common agenda: two published versions (the second after a year of
/// data moved attention from kindergarten readiness alone to attendance) and who endorsed which.
public enum DemoAgenda {
    public static let first = AgendaContent(
        problemStatement: "Too few Harbor County children move from birth through school into a living-wage career. Fewer than half of third graders read at grade level, and the gap between neighbourhoods has not narrowed in ten years.",
        vision: "Every child in Harbor County is ready for school, succeeds in school and moves on to a career that pays a living wage.",
        results: """
            Kindergarten readiness rises from 48% to 65%
            Third-grade reading proficiency rises from 44% to 60%
            Post-secondary credentials earned by young adults rise by a quarter
            """,
        geography: "Harbor County: the city of Harbor and the four river towns.",
        population: "Children and young people from birth to 24, and their families.",
        timeFrame: "2024 to 2030",
        principles: """
            Decide with data, and share it with the people it describes
            Families and young people sit at every table that decides about them
            Change systems, not only programs
            """,
        strategies: """
            Early literacy at home and in child care
            Summer and after-school learning
            Mentoring into post-secondary training
            """)

    public static let second = AgendaContent(
        problemStatement: first.problemStatement,
        vision: first.vision,
        results: """
            Kindergarten readiness rises from 48% to 65%
            Third-grade reading proficiency rises from 44% to 60%
            Chronic absence in kindergarten to grade 3 falls below 10%
            Post-secondary credentials earned by young adults rise by a quarter
            """,
        geography: first.geography,
        population: first.population,
        timeFrame: first.timeFrame,
        principles: first.principles,
        strategies: """
            Early literacy at home and in child care
            Attendance outreach with families
            Summer and after-school learning
            Mentoring into post-secondary training
            """)

    public static let secondNote = "Adds chronic absence as a result and attendance outreach as a strategy, after the first year's data."

    /// Emails of the demo people who endorse each version for their organization.
    public static let endorsersOfFirst = ["backbone.admin@demo.backbone.local", "steering@demo.backbone.local",
                                          "wg.lead@demo.backbone.local", "data.steward@demo.backbone.local"]
    public static let endorsersOfSecond = ["backbone.admin@demo.backbone.local", "steering@demo.backbone.local"]
}
