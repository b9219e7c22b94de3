from organisations.models.contracts import Contract, ContractMove, ProviderResponse
from organisations.models.organisations import Organisation

__all__ = ["Contract", "ContractMove", "Organisation", "ProviderResponse"]
