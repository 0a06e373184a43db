//! Password hashes: argon2id (RFC 9106) in PHC string form, with a random 128-bit salt.
//!
//! The cost parameters of new hashes come from configuration, so that tests can use cheap ones
//! (a hash with the production defaults takes about 0.7 s in a debug build). Verification reads
//! the parameters from the stored hash itself, so raising the costs later keeps old hashes
//! valid.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher as _, PasswordVerifier, Version,
};

use crate::{CredentialError, random};

/// The cost of a new hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for PasswordParams {
    /// OWASP's recommendation for argon2id (19 MiB, 2 iterations, 1 lane), which is also the
    /// argon2 crate's default: about 50 ms per hash on one core of a current server.
    fn default() -> Self {
        PasswordParams {
            memory_kib: Params::DEFAULT_M_COST,
            iterations: Params::DEFAULT_T_COST,
            parallelism: Params::DEFAULT_P_COST,
        }
    }
}

impl PasswordParams {
    /// The cheapest valid parameters, for tests only: worthless against an attacker.
    pub fn insecure_for_tests() -> Self {
        PasswordParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }
}

/// Hashes new passwords with the configured costs and checks passwords against stored hashes.
#[derive(Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").finish_non_exhaustive()
    }
}

impl PasswordHasher {
    pub fn new(params: PasswordParams) -> Result<PasswordHasher, CredentialError> {
        let params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            None,
        )
        .map_err(|e| CredentialError::BadParams(e.to_string()))?;
        Ok(PasswordHasher {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
        })
    }

    /// A new PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) for `password`.
    pub fn hash(&self, password: &str) -> Result<String, CredentialError> {
        let mut salt = [0u8; 16];
        random::fill(&mut salt)?;
        let hash = self
            .argon2
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map_err(|e| CredentialError::Hashing(e.to_string()))?;
        Ok(hash.to_string())
    }

    /// Whether `password` matches the stored `phc` hash (compared in constant time). A hash
    /// that is not argon2id is refused as malformed: nothing else is ever written.
    pub fn verify(&self, password: &str, phc: &str) -> Result<bool, CredentialError> {
        let parsed =
            PasswordHash::new(phc).map_err(|e| CredentialError::MalformedHash(e.to_string()))?;
        if parsed.algorithm.as_str() != "argon2id" {
            return Err(CredentialError::MalformedHash(format!(
                "algorithm {}",
                parsed.algorithm
            )));
        }
        match self.argon2.verify_password(password.as_bytes(), &parsed) {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
            Err(e) => Err(CredentialError::MalformedHash(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> PasswordHasher {
        PasswordHasher::new(PasswordParams::insecure_for_tests()).unwrap()
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hasher = cheap();
        let hash = hasher.hash("korrekt Pferd Batterie").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert!(hasher.verify("korrekt Pferd Batterie", &hash).unwrap());
        assert!(!hasher.verify("korrekt Pferd Batterie ", &hash).unwrap());
        assert!(!hasher.verify("", &hash).unwrap());
    }

    #[test]
    fn salts_differ_and_costs_come_from_the_stored_hash() {
        let hasher = cheap();
        let one = hasher.hash("gleich").unwrap();
        let two = hasher.hash("gleich").unwrap();
        assert_ne!(one, two, "a fresh salt per hash");
        let stronger = PasswordHasher::new(PasswordParams {
            memory_kib: 128,
            iterations: 2,
            parallelism: 1,
        })
        .unwrap();
        assert!(stronger.verify("gleich", &one).unwrap());
    }

    #[test]
    fn malformed_or_foreign_hashes_are_errors_not_mismatches() {
        let hasher = cheap();
        assert!(matches!(
            hasher.verify("x", "not a hash"),
            Err(CredentialError::MalformedHash(_))
        ));
        let argon2i = hasher
            .hash("x")
            .unwrap()
            .replacen("$argon2id$", "$argon2i$", 1);
        assert!(matches!(
            hasher.verify("x", &argon2i),
            Err(CredentialError::MalformedHash(_))
        ));
    }

    #[test]
    fn parameters_are_checked() {
        assert!(PasswordHasher::new(PasswordParams::default()).is_ok());
        assert!(matches!(
            PasswordHasher::new(PasswordParams {
                memory_kib: 1,
                iterations: 1,
                parallelism: 1
            }),
            Err(CredentialError::BadParams(_))
        ));
        assert!(
            PasswordHasher::new(PasswordParams {
                memory_kib: 64,
                iterations: 0,
                parallelism: 1
            })
            .is_err()
        );
    }
}
