"""Worker writes (officers): credential codes and certificate revocation, both audited."""

from __future__ import annotations

import json
from typing import Annotated

import strawberry
from strawberry.types import Info

from zhepai.domain.talent import credentials
from zhepai.domain.talent.writer import CertificateWriter, revocation
from zhepai.schema.arguments import about
from zhepai.schema.bases.inputs import FieldError
from zhepai.schema.context import Context
from zhepai.schema.errors import bad_input, not_found
from zhepai.schema.workers.access import IsOfficer
from zhepai.schema.workers.arguments import now, person_of
from zhepai.schema.workers.types import Certificate, CredentialCode


@strawberry.type(description="The result of a revocation: the certificate, or why not.")
class RevokePayload:
    certificate: Certificate | None = strawberry.field(
        description="The certificate as revoked; null on errors."
    )
    errors: list[FieldError] = strawberry.field(description="Why the revocation was refused.")


@strawberry.type
class WorkerMutation:
    @strawberry.mutation(
        permission_classes=[IsOfficer],
        description="Issue a signed, expiring code for a worker's valid certificates.",
    )
    async def issue_credential_code(
        self,
        info: Info[Context, None],
        person_id: Annotated[str, about("The worker's full ID number (18 characters).")],
    ) -> CredentialCode:
        key, masked = person_of(info, person_id)
        repo = info.context.repos.workers
        person = await repo.person(key)
        if person is None:
            raise not_found("personId", masked, "worker")
        settings = info.context.workers
        try:
            issued = credentials.issue(
                person, settings.credential_secret, settings.credential_ttl_s, now()
            )
        except credentials.NothingToCertify as exc:
            raise bad_input("personId", str(exc), value=masked) from exc
        await repo.record_read(
            now().isoformat(timespec="milliseconds"),
            info.context.actor,
            "ISSUE_CREDENTIAL",
            masked,
            json.dumps({"certificates": len(issued.certificates)}),
        )
        return CredentialCode(
            code=issued.code,
            expires_at=issued.expires_at,
            certificate_nos=list(issued.certificates),
        )

    @strawberry.mutation(
        permission_classes=[IsOfficer],
        description="Revoke a certificate; statistics and credential codes follow at once.",
    )
    async def revoke_certificate(
        self,
        info: Info[Context, None],
        certificate_no: Annotated[str, about("The certificate's number.")],
    ) -> RevokePayload:
        repo = info.context.repos.workers
        stored = (await repo.certificates([certificate_no])).get(certificate_no)
        if stored is None:
            return RevokePayload(
                certificate=None,
                errors=[FieldError(field="certificateNo", code="NOT_FOUND",
                                   message=f"no certificate {certificate_no!r}")],
            )  # fmt: skip
        person = await repo.person(stored.person)
        assert person is not None  # a certificate always has its holder
        row = revocation(person, stored)
        await CertificateWriter(repo).write([row], info.context.actor, "REVOKE", certificate_no)
        updated = (await repo.certificates([certificate_no]))[certificate_no]
        return RevokePayload(certificate=Certificate.of(updated), errors=[])
