# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random

from odoo.fields import Command

from .common import Populator

FIRST_NAMES = [
    "Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marcin", "Agnieszka",
    "Michał", "Joanna", "Paweł", "Ewa", "Krzysztof", "Monika", "Jakub", "Barbara",
    "Łukasz", "Aleksandra", "Grzegorz", "Natalia", "Wojciech",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
    "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
    "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski",
]  # fmt: skip
COMPANY_WORDS = [
    "Alfa", "Bałtyk", "Cedr", "Delta", "Echo", "Forma", "Granit", "Horyzont",
    "Iskra", "Jantar", "Kompas", "Lazur", "Meridian", "Nord", "Orion", "Perła",
    "Quantum", "Rubin", "Sokół", "Tatra", "Uran", "Wisła", "Zenit",
]  # fmt: skip
COMPANY_KINDS = ["Sp. z o.o.", "S.A.", "Sp. j.", "P.S.A.", "Sp. k."]
BATCH = 1000


class ResPartnerPopulator(Populator):
    model_name = "res.partner"
    #: Number of client companies per size (authorised persons: as many again).
    sizes = {"small": 50, "medium": 500, "large": 5000}

    def populate(self, size):
        """Create client companies and their authorised persons.

        Every client has its own person; one client in five is also represented
        by a person from a small pool of "board members", so that these people
        may collect the mail of several (usually three or more) companies.
        """
        rng = random.Random("desktomy.res.partner")
        count = self.sizes[size]
        persons = self.model.browse()
        for start in range(0, count, BATCH):
            persons |= self.model.create(
                [
                    {
                        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "is_company": False,
                        "email": f"person{index:05d}@populate.example.com",
                        "phone": f"+48 600 {index:06d}",
                    }
                    for index in range(start, min(start + BATCH, count))
                ]
            )
        board = persons[: max(count // 10, 1)]
        clients = self.model.browse()
        for start in range(0, count, BATCH):
            vals_list = []
            for index in range(start, min(start + BATCH, count)):
                person_ids = [persons[index].id]
                if rng.random() < 0.2 or index < 3:
                    person_ids.append(board[index % len(board)].id)
                name = (
                    f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} "
                    f"{index:05d} {rng.choice(COMPANY_KINDS)}"
                )
                vals_list.append(
                    {
                        "name": name,
                        "is_company": True,
                        "desktomy_is_client": True,
                        "email": f"office@client{index:05d}.example.com",
                        "vat": f"PL{5250000000 + index}",
                        "street": f"ul. Prosta {index % 200 + 1}",
                        "city": "Warszawa",
                        "zip": "00-850",
                        "desktomy_authorized_person_ids": [Command.set(person_ids)],
                    }
                )
            clients |= self.model.create(vals_list)
        return persons | clients
