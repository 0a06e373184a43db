//! Spellings of the same name across scripts and transliteration systems (Arabic, Cyrillic,
//! Turkish and German renderings). Each group lists spellings a registry office might record
//! for one and the same name; the first is the one most often found in German records.

/// Groups of spellings of one name. A spelling belongs to at most one group.
pub const GROUPS: &[&[&str]] = &[
    // Arabic and Turkish
    &[
        "Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad",
    ],
    &["Ahmad", "Ahmed", "Ahmet"],
    &["Yusuf", "Jussuf", "Youssef", "Yousef", "Yussuf"],
    &["Omar", "Umar", "Ömer"],
    &["Hassan", "Hasan"],
    &["Hussein", "Husain", "Hüseyin", "Hussain", "Husein"],
    &["Mahmoud", "Mahmud", "Mahmut"],
    &["Ibrahim", "İbrahim", "Ebrahim"],
    &["Mustafa", "Mustapha", "Moustafa"],
    &["Khaled", "Khalid", "Chalid"],
    &["Khalil", "Chalil", "Halil"],
    &["Abdullah", "Abdallah", "Abdulla"],
    &["Said", "Sa'id", "Saeed", "Saed"],
    &["Hamza", "Hamsa"],
    &["Fatima", "Fatma", "Fatemeh"],
    &["Aisha", "Ayşe", "Ayse", "Aischa", "Aysha"],
    &["Mariam", "Maryam", "Meryem"],
    &["Zainab", "Zeynep", "Zaynab"],
    &["Yasmin", "Jasmin", "Yasemin"],
    &["Layla", "Leila", "Leyla"],
    &["Amina", "Emine", "Aminah"],
    &["Nour", "Nur"],
    // Cyrillic (Russian, Ukrainian) in German, English-style and passport transliteration
    &[
        "Aleksandr",
        "Alexander",
        "Oleksandr",
        "Alexandr",
        "Aleksander",
    ],
    &["Sergei", "Sergej", "Serhii", "Sergey", "Serhiy"],
    &["Olga", "Olha"],
    &["Dmitrij", "Dmitri", "Dmitry", "Dmytro"],
    &[
        "Jekaterina",
        "Ekaterina",
        "Yekaterina",
        "Kateryna",
        "Katerina",
    ],
    &["Juri", "Yuri", "Iurii", "Yurii", "Jurij"],
    &["Natalia", "Natalja", "Nataliia", "Natalya"],
    &["Mykola", "Nikolai", "Nikolaj", "Nikolay"],
    &["Andrei", "Andrej", "Andrii", "Andriy", "Andrey"],
    &["Ilja", "Ilya", "Illia", "Ilia"],
    &["Maksim", "Maxim", "Maksym"],
    &["Tatjana", "Tatiana", "Tetiana", "Tatyana"],
    &["Julia", "Yuliia", "Iuliia", "Julija"],
    &["Anastasia", "Anastasiia", "Anastasija"],
    &["Sofia", "Sofiia", "Sofija"],
    &["Viktoria", "Viktoriia", "Wiktoria"],
    &["Mikhail", "Michail", "Mykhailo", "Mychajlo"],
    &["Irina", "Iryna"],
    &["Vladimir", "Wladimir", "Volodymyr"],
    &["Egor", "Jegor", "Yegor"],
    &["Artem", "Artjom", "Artyom"],
    &["Darja", "Daria", "Darya"],
    &["Vasyl", "Wassili", "Vasily", "Vasilii"],
    &["Bohdan", "Bogdan"],
    &["Oleh", "Oleg"],
    &["Matvei", "Matwei", "Matvii", "Matvey"],
    &["Elizaveta", "Jelisaweta", "Yelyzaveta", "Elisaveta"],
    &["Ksenia", "Xenia", "Ksenija", "Kseniia"],
    &["Maria", "Mariia", "Marija"],
    // Family names, masculine and feminine forms apart
    &["Shevchenko", "Schewtschenko", "Ševčenko"],
    &["Kovalenko", "Kowalenko"],
    &["Ivanov", "Iwanow", "Ivanoff"],
    &["Ivanova", "Iwanowa"],
    &["Smirnov", "Smirnow"],
    &["Smirnova", "Smirnowa"],
    &["Kuznetsov", "Kusnezow", "Kuznecov"],
    &["Kuznetsova", "Kusnezowa", "Kuznecova"],
    &["Popov", "Popow"],
    &["Popova", "Popowa"],
    &["Petrov", "Petrow"],
    &["Petrova", "Petrowa"],
    &["Volkov", "Wolkow"],
    &["Volkova", "Wolkowa"],
    &["Morozov", "Morosow"],
    &["Morozova", "Morosowa"],
    &["Kowalski", "Kovalski", "Kowalsky"],
    &["Kowalska", "Kovalska"],
    &["Melnyk", "Melnik", "Melnick"],
    &["Tkachenko", "Tkatschenko"],
    &["Kravchenko", "Krawtschenko"],
    &["Boiko", "Boyko", "Bojko"],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::is_valid_name;
    use std::collections::HashSet;

    #[test]
    fn a_spelling_belongs_to_one_group_only() {
        let mut seen = HashSet::new();
        for group in GROUPS {
            for spelling in *group {
                assert!(seen.insert(spelling.to_lowercase()), "{spelling} twice");
            }
        }
    }

    #[test]
    fn at_least_twenty_five_groups_of_several_valid_spellings() {
        assert!(GROUPS.len() >= 25, "{}", GROUPS.len());
        for group in GROUPS {
            let distinct: HashSet<String> = group.iter().map(|s| s.to_lowercase()).collect();
            assert!(distinct.len() >= 2, "{group:?}");
            assert!(group.iter().all(|s| is_valid_name(s)), "{group:?}");
        }
    }
}
